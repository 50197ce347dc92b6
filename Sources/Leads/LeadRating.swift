import Foundation

/// A salesperson's judgement of a lead's size, as Sage CRM and SalesLogix users rate them.
///
/// Set by a person (`leadmail leads rate ID A`), never computed: the computed number is the score.
public enum LeadRating: String, Sendable, Codable, CaseIterable {
    /// A large project.
    case a = "A"
    /// A small project.
    case b = "B"
    /// No active project: keep in touch.
    case c = "C"
    /// No project.
    case d = "D"

    /// What the letter means, for help texts and reports.
    public var meaning: String {
        switch self {
        case .a: "large project"
        case .b: "small project"
        case .c: "no active project, keep in touch"
        case .d: "no project"
        }
    }
}
