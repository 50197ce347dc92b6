import Foundation

/// A regular expression from the configuration, compiled once and shared between tasks.
///
/// `NSRegularExpression` is immutable after creation, which is what makes sharing it across tasks safe.
public final class TextPattern: @unchecked Sendable, CustomStringConvertible {
    public let source: String
    private let regex: NSRegularExpression

    /// - Throws: `PatternError` naming the pattern and what is wrong with it.
    public init(_ source: String, caseInsensitive: Bool = true) throws(PatternError) {
        self.source = source
        do {
            regex = try NSRegularExpression(
                pattern: source, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            throw PatternError(pattern: source)
        }
    }

    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public var description: String { source }
}

/// A configured regular expression that does not compile.
public struct PatternError: Error, Sendable, CustomStringConvertible {
    public var pattern: String
    public var description: String {
        "'\(pattern)' is not a valid regular expression; check brackets and escape special characters with \\"
    }
}

/// An address pattern as marketing writes it: an exact address (`expo@acme.example`), a whole domain
/// (`*@partner.example`) or any glob with `*`. Case does not matter.
public struct AddressPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// The pattern's UTF-8, matched byte by byte: every message is tried against every rule's patterns.
    private let bytes: [UInt8]

    public init(_ pattern: String) {
        self.pattern = EmailAddress.normalised(pattern)
        bytes = Array(self.pattern.utf8)
    }

    public func matches(_ address: String) -> Bool {
        matches(normalised: EmailAddress.normalised(address))
    }

    /// For an address already through `EmailAddress.normalised`.
    func matches(normalised address: String) -> Bool {
        Self.glob(bytes, Array(address.utf8))
    }

    public static func == (left: AddressPattern, right: AddressPattern) -> Bool { left.pattern == right.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    public var description: String { pattern }

    /// Iterative glob with `*` only: linear in practice, no backtracking blow-up.
    /// On UTF-8 (self-synchronising, so a `*` never makes a character match half of another).
    static func glob(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count && pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
