import Foundation

/// Two leads that may be one person, for a person to look at: the same name at the same company, or at the same
/// company mail domain (free-mail domains say nothing about a company, so they never count).
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
}
