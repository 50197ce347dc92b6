import Foundation

/// Two leads that may be one person, for a person to look at: the same email address, the same phone number
/// (compared in E.164, so `0161 496 0753` and `+44 161 496 0753` are one), the same name at the same company, or
/// the same name at the same company mail domain (free-mail domains say nothing about a company, so they never
/// count). Two leads of one address are listed too: a closed lead and a new enquiry, or an import beside mail.
public struct PossibleDuplicate: Sendable, Hashable {
    public var first: Lead
    public var second: Lead
    /// Why they look alike, in words.
    public var reason: String

    public init(first: Lead, second: Lead, reason: String) {
        self.first = first
        self.second = second
        self.reason = reason
    }

    /// The pairs among `leads` (each with its phone in E.164 when known) that may be one person, oldest first:
    /// one rule for every store, which reads the leads and their phones its own way.
    public static func pairs(
        _ leads: [(lead: Lead, phone: String?)], freeMailDomains: Set<String>
    ) -> [PossibleDuplicate] {
        // Leads sharing any key (address, phone, name) are compared; each pair once, with its first reason.
        var groups: [String: [Int]] = [:]
        for (index, item) in leads.enumerated() {
            groups["email:" + item.lead.email.lowercased(), default: []].append(index)
            if let phone = item.phone, !phone.isEmpty { groups["phone:" + phone, default: []].append(index) }
            if let name = comparable(item.lead.name) { groups["name:" + name, default: []].append(index) }
        }
        var seen = Set<[Int]>()
        var pairs: [PossibleDuplicate] = []
        for group in groups.values where group.count > 1 {
            for (position, a) in group.enumerated() {
                for b in group[(position + 1)...] where seen.insert([a, b]).inserted {
                    let (first, second) = (leads[a], leads[b])
                    if let reason = alike(
                        first.lead, second.lead, phones: (first.phone, second.phone), freeMailDomains: freeMailDomains)
                    {
                        pairs.append(PossibleDuplicate(first: first.lead, second: second.lead, reason: reason))
                    }
                }
            }
        }
        return pairs.sorted { ($0.first.id, $0.second.id) < ($1.first.id, $1.second.id) }
    }

    /// A name or company as compared: case and runs of spaces ignored; nil when empty.
    public static func comparable(_ text: String?) -> String? {
        guard let text = text?.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "),
            !text.isEmpty
        else { return nil }
        return text
    }

    public static func alike(
        _ a: Lead, _ b: Lead, phones: (String?, String?) = (nil, nil), freeMailDomains: Set<String>
    ) -> String? {
        if a.email.lowercased() == b.email.lowercased() { return "the address \(a.email) in both" }
        if let phone = phones.0, !phone.isEmpty, phone == phones.1 { return "the phone \(phone) in both" }
        guard let nameA = comparable(a.name), nameA == comparable(b.name) else { return nil }
        let name = a.name ?? ""
        if let companyA = comparable(a.company), companyA == comparable(b.company) {
            return "\(name) at \(a.company ?? "") in both"
        }
        let domainA = a.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        let domainB = b.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        if !domainA.isEmpty, domainA == domainB, !freeMailDomains.contains(domainA) {
            return "\(name) at the domain \(domainA) in both"
        }
        return nil
    }
}
