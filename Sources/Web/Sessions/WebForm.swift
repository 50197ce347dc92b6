import Foundation

/// An `application/x-www-form-urlencoded` body or query string: names to values, the first value of each name
/// kept, every value's own order kept for names given more than once.
public struct WebForm: Sendable, Hashable {
    public private(set) var fields: [(String, String)] = []

    public init() {}

    public init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    /// The field's value, trimmed; nil when absent or blank.
    public subscript(_ name: String) -> String? {
        guard let value = fields.first(where: { $0.0 == name })?.1.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    /// The raw value, untrimmed (passwords), nil when absent.
    public func raw(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    public static func == (lhs: WebForm, rhs: WebForm) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        for (name, value) in fields {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}
