import Foundation
import MIME

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
    /// Tracked links in our mail the lead opened (each link once, however often it was clicked).
    public var linksClicked = 0

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

/// The rule phrases (job titles, enquiry words) found in a lead's texts.
public struct TextMatches: Sendable, Hashable, Codable {
    public var titles: Set<String>
    public var words: Set<String>

    public init(titles: Set<String> = [], words: Set<String> = []) {
        self.titles = titles
        self.words = words
    }

    public func union(_ other: TextMatches) -> TextMatches {
        TextMatches(titles: titles.union(other.titles), words: words.union(other.words))
    }
}

/// What a lead's enquiry texts matched, kept on the lead so that the rules read only the texts that came since.
///
/// Valid while the lead still has exactly `enquiries` enquiry texts up to communication `through` (a merge
/// brings older ones, and the kept matches are then read afresh) and the rules have the same phrases.
public struct ScoreMatches: Sendable, Hashable, Codable {
    public var matches: TextMatches
    /// The last enquiry communication read.
    public var through: Int64
    /// How many enquiry texts, up to `through`, the matches cover.
    public var enquiries: Int
    /// `LeadScorer.phrasesFingerprint` of the rules that found them.
    public var rules: String

    public init(matches: TextMatches, through: Int64, enquiries: Int, rules: String) {
        self.matches = matches
        self.through = through
        self.enquiries = enquiries
        self.rules = rules
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
        score(facts, textMatches: matches(in: facts.text))
    }

    /// The job titles and enquiry words of the rules that `text` contains: what the score takes from a lead's
    /// texts. Matches of several texts are their union, so a lead's next message is read alone (see
    /// `ScoreMatches`), not again with every message before it.
    public func matches(in text: String) -> TextMatches {
        // Lowered once, and searched for every rule phrase.
        let lowered = text.lowercasedUTF8
        return TextMatches(
            titles: Set(rules.titles.lazy.filter { Self.contains(lowercased: lowered, $0.phrase) }.map(\.phrase)),
            words: Set(rules.words.lazy.filter { Self.contains(lowercased: lowered, $0.phrase) }.map(\.phrase)))
    }

    /// The score, with what the lead's texts matched found already (`facts.text` is not read).
    public func score(_ facts: ScoreFacts, textMatches: TextMatches) -> ScoreBreakdown {
        var lines: [ScoreBreakdown.Line] = []
        func add(_ points: Int, _ reason: String) {
            if points != 0 { lines.append(.init(points: points, reason: reason)) }
        }
        let titleFields = facts.fields.filter {
            ["title", "job title", "jobtitle", "position", "role"]
                .contains($0.name.lowercasedInRuns())
        }.map(\.value)
        let titles = titleFields.isEmpty ? textMatches.titles : matches(in: titleFields.joined(separator: " ")).titles
        if let best = rules.titles.filter({ titles.contains($0.phrase) }).max(by: { $0.points < $1.points }) {
            add(best.points, "job title '\(best.phrase)'")
        }
        let domain = facts.email.split(separator: "@").last.map { $0.lowercasedInRuns() } ?? ""
        if rules.freeMailDomains.contains(domain) {
            add(rules.freeMail, "free-mail domain \(domain)")
        } else if !domain.isEmpty {
            add(rules.companyDomain, "company email domain \(domain)")
        }
        if let points = rules.sources[facts.source] { add(points, "source \(facts.source)") }
        if let campaign = facts.campaign, let points = rules.campaigns[campaign] { add(points, "campaign \(campaign)") }
        var words = textMatches.words
        for field in facts.fields { words.formUnion(matches(in: field.value).words) }
        for word in rules.words where words.contains(word.phrase) {
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
        if facts.linksClicked > 0 {
            let what = facts.linksClicked == 1 ? "a link" : "\(facts.linksClicked) links"
            add(rules.linkClick * facts.linksClicked, "opened \(what) in our mail")
        }
        return ScoreBreakdown(lines: lines)
    }

    /// Names the rule phrases, so that matches kept from an earlier pass are used only with the same rules.
    public var phrasesFingerprint: String {
        // FNV-1a over the phrases: stable across processes, unlike `Hasher`.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for phrase in rules.titles.map(\.phrase) + ["\u{1}"] + rules.words.map(\.phrase) {
            for byte in phrase.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
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
                        && !isWordCharacter(scalar(at: end, in: haystack))
                    {
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
