import Foundation

/// What the scorer looks at: the lead's details as captured, plus how often the contact has asked.
public struct ScoreFacts: Sendable, Hashable {
    public var name: String?
    public var email: String
    public var phone: String?
    public var company: String?
    public var source: String
    public var campaign: String?
    /// Every enquiry's text on the lead.
    public var text: String
    public var fields: [FormField]
    /// Enquiries after the first.
    public var repeats: Int

    public init(
        name: String?, email: String, phone: String?, company: String?, source: String, campaign: String?,
        text: String, fields: [FormField] = [], repeats: Int = 0
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
        self.source = source
        self.campaign = campaign
        self.text = text
        self.fields = fields
        self.repeats = repeats
    }
}

/// A score and every line that made it, for `leadmail leads explain`.
public struct ScoreBreakdown: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var points: Int
        public var reason: String
    }

    public var lines: [Line]
    public var total: Int { lines.reduce(0) { $0 + $1.points } }

    public init(lines: [Line]) { self.lines = lines }

    /// The lines as a table of `+10  company email domain brightwater.example`.
    public var text: String {
        let body = lines.map { String(format: "%+4d  ", $0.points) + $0.reason }
        return (body + ["----", String(format: "%4d  total", total)]).joined(separator: "\n")
    }
}

/// Computes a lead's score from `ScoringRules`; the same facts always give the same score.
public struct LeadScorer: Sendable {
    public var rules: ScoringRules

    public init(rules: ScoringRules) { self.rules = rules }

    public func score(_ facts: ScoreFacts) -> ScoreBreakdown {
        var lines: [ScoreBreakdown.Line] = []
        func add(_ points: Int, _ reason: String) {
            if points != 0 { lines.append(.init(points: points, reason: reason)) }
        }
        let titleFields = facts.fields.filter { ["title", "job title", "jobtitle", "position", "role"]
            .contains($0.name.lowercased()) }.map(\.value)
        // Lowered once: a lead's text grows with every message it gets, and it is searched for every rule word.
        let text = facts.text.lowercasedUTF8
        let titleBytes = titleFields.isEmpty ? text : titleFields.joined(separator: " ").lowercasedUTF8
        if let best = rules.titles.filter({ Self.contains(lowercased: titleBytes, $0.phrase) })
            .max(by: { $0.points < $1.points }) {
            add(best.points, "job title '\(best.phrase)'")
        }
        let domain = facts.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        if rules.freeMailDomains.contains(domain) {
            add(rules.freeMail, "free-mail domain \(domain)")
        } else if !domain.isEmpty {
            add(rules.companyDomain, "company email domain \(domain)")
        }
        if let points = rules.sources[facts.source] { add(points, "source \(facts.source)") }
        if let campaign = facts.campaign, let points = rules.campaigns[campaign] { add(points, "campaign \(campaign)") }
        var enquiry = text
        for field in facts.fields {
            enquiry.append(0x20)
            enquiry += field.value.lowercasedUTF8
        }
        for word in rules.words where Self.contains(lowercased: enquiry, word.phrase) {
            add(word.points, "enquiry mentions '\(word.phrase)'")
        }
        let given: [(String, String?)] = [("name", facts.name), ("phone", facts.phone), ("company", facts.company)]
        for (field, value) in given where !(value ?? "").isEmpty {
            add(rules.completeness[field] ?? 0, "\(field) given")
        }
        if facts.repeats > 0 {
            let noun = facts.repeats == 1 ? "enquiry" : "enquiries"
            add(rules.repeatEnquiry * facts.repeats, "\(facts.repeats) repeat \(noun)")
        }
        return ScoreBreakdown(lines: lines)
    }

    /// Whole-word (or whole-phrase), case-insensitive. Plain string search with a look at the neighbours, not a
    /// regular expression: scoring thousands of imported rows must not compile thousands of patterns.
    static func contains(_ text: String, _ phrase: String) -> Bool {
        contains(lowercased: text.lowercasedUTF8, phrase)
    }

    /// `contains` over text already lowercased, as UTF-8: `memchr` and `memcmp` find each candidate (a lead's
    /// text is its whole history, searched for every rule word), then a look at the characters around.
    static func contains(lowercased haystack: [UInt8], _ phrase: String) -> Bool {
        let needle = phrase.lowercasedUTF8
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBytes { text in
            needle.withUnsafeBytes { word in
                var start = 0
                while start + word.count <= text.count {
                    let last = text.count - word.count
                    guard let hit = memchr(text.baseAddress! + start, Int32(word[0]), last - start + 1)
                    else { return false }
                    let found = text.baseAddress!.distance(to: UnsafeRawPointer(hit))
                    let end = found + word.count
                    if memcmp(hit, word.baseAddress!, word.count) == 0
                        && !isWordCharacter(scalar(before: found, in: haystack))
                        && !isWordCharacter(scalar(at: end, in: haystack)) {
                        return true
                    }
                    start = found + 1
                }
                return false
            }
        }
    }

    /// The base scalar of the character that ends just before `index` (combining marks skipped, as a Character's
    /// first scalar would be), or nil at the start.
    private static func scalar(before index: Int, in bytes: [UInt8]) -> Unicode.Scalar? {
        var end = index
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard let scalar = scalar(at: start, in: bytes) else { return nil }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: end = start
            default: return scalar
            }
        }
        return nil
    }

    /// The scalar starting at `index`, or nil at the end.
    private static func scalar(at index: Int, in bytes: [UInt8]) -> Unicode.Scalar? {
        guard index < bytes.count else { return nil }
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return Character(scalar).isLetter || Character(scalar).isNumber
    }
}
