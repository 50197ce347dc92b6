import Foundation
import LeadStore
import Leads

/// How values read on the pages: dates in UTC to the minute, money without a useless `.0`.
enum PageText {
    static func dateTime(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    static func day(_ date: Date) -> String { String(dateTime(date).prefix(10)) }

    static func amount(_ value: Double?) -> String { value.map(StatusChange.amount) ?? "" }

    /// A value for a `{{#name}}…{{/name}}` section: Mustache shows an empty string's section, `false`'s not.
    static func shown(_ text: String?) -> Any {
        guard let text, !text.isEmpty else { return false }
        return text
    }

    /// Whole days from `date` to `now`.
    static func age(_ date: Date, now: Date) -> String {
        let days = max(0, Int(now.timeIntervalSince(date) / 86400))
        return days == 1 ? "1 day" : "\(days) days"
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A query string of the non-empty values, percent-encoded.
    static func query(_ pairs: [(String, String?)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The row of a lead in a list.
    static func listing(_ listing: LeadListing) -> [String: Any] {
        let lead = listing.lead
        let life = listing.lifecycle
        return [
            "id": String(lead.id), "number": lead.number, "name": lead.name ?? lead.email, "email": lead.email,
            "company": lead.company ?? "", "status": lead.status.rawValue, "source": lead.source,
            "campaign": lead.campaign ?? "", "owner": life.owner ?? "unassigned", "score": String(life.score),
            "rating": life.rating?.rawValue ?? "", "tags": life.tags.joined(separator: ", "),
            "subject": lead.subject ?? "", "created": dateTime(lead.createdAt),
            "value": shown(life.value.map(StatusChange.amount)),
        ]
    }

    /// Each column's text for a lead, by the list's column keys.
    static func cells(_ listing: LeadListing) -> [String: String] {
        let lead = listing.lead
        let life = listing.lifecycle
        return [
            "number": lead.number, "name": lead.name ?? lead.email, "email": lead.email,
            "company": lead.company ?? "", "status": lead.status.rawValue, "score": String(life.score),
            "rating": life.rating?.rawValue ?? "", "owner": life.owner ?? "unassigned", "source": lead.source,
            "campaign": lead.campaign ?? "", "tags": life.tags.joined(separator: ", "),
            "value": amount(life.value), "created": dateTime(lead.createdAt),
        ]
    }
}
