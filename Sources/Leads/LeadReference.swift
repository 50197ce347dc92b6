/// The lead's number in the subject of our replies (`[#L123]`), which links a customer's answer to its lead when
/// their mail client dropped In-Reply-To and References.
public struct LeadReference: Sendable, Hashable {
    /// The letters before the number ("L" gives `[#L123]`); letters and digits only, so the token stays short.
    public var prefix: String

    public init(prefix: String = "L") {
        self.prefix = prefix
    }

    /// The token for a lead: `[#L123]`.
    public func token(for leadID: Int64) -> String {
        "[#\(prefix)\(leadID)]"
    }

    /// `subject` with the token appended, unless it already carries it.
    public func tagging(_ subject: String, leadID: Int64) -> String {
        let token = token(for: leadID)
        // Most subjects lack the token's bytes, and then Foundation's slower search cannot match either.
        if subject.utf8Contains(token) && subject.contains(token) { return subject }
        return subject.isEmpty ? token : "\(subject) \(token)"
    }

    /// The lead number in a subject's token (the last one, since replies pile prefixes on the left), or nil.
    ///
    /// The prefix is matched without regard to case, and spaces some clients insert (`[# L123]`) are allowed.
    public func leadID(in subject: String) -> Int64? {
        // Asked of every subject, and nearly none has a token: no "[#" bytes, no match for Foundation's search.
        guard subject.utf8Contains("[#") else { return nil }
        var found: Int64?
        var rest = Substring(subject)
        while let open = rest.range(of: "[#") {
            rest = rest[open.upperBound...]
            let afterSpace = rest.drop { $0 == " " }
            guard afterSpace.lowercased().hasPrefix(prefix.lowercased()) else { continue }
            let number = afterSpace.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
            let close = afterSpace.dropFirst(prefix.count + number.count)
            if !number.isEmpty, close.first == "]", let id = Int64(number) { found = id }
        }
        return found
    }
}
