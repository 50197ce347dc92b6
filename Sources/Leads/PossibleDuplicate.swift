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
}
