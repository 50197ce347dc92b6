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
        let titleText = titleFields.isEmpty ? facts.text : titleFields.joined(separator: " ")
        if let best = rules.titles.filter({ Self.contains(titleText, $0.phrase) }).max(by: { $0.points < $1.points }) {
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
        let enquiry = ([facts.text] + facts.fields.map(\.value)).joined(separator: " ")
        for word in rules.words where Self.contains(enquiry, word.phrase) {
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
        let haystack = text.lowercased()
        let needle = phrase.lowercased()
        guard !needle.isEmpty else { return false }
        var searchFrom = haystack.startIndex
        while let found = haystack.range(of: needle, range: searchFrom..<haystack.endIndex) {
            let before = found.lowerBound == haystack.startIndex
                ? nil : haystack[haystack.index(before: found.lowerBound)]
            let after = found.upperBound == haystack.endIndex ? nil : haystack[found.upperBound]
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchFrom = haystack.index(after: found.lowerBound)
        }
        return false
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber
    }
}
