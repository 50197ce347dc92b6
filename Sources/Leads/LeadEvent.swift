import Foundation

/// One entry in a lead's work log: who changed what, and when.
///
/// The communications log holds the messages; this log holds everything people and rules did to the lead, so
/// that "who rejected this, and why?" always has an answer.
public struct LeadEvent: Sendable, Hashable, Codable, Identifiable {
    /// What kind of change the entry records.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case status, note, reminder, tag, rating, score, assignment, task, notification, overdue, contact
    }

    public var id: Int64
    public var leadID: Int64
    public var date: Date
    /// The person (a login name or an address), or `leadmail` for what the rules did.
    public var by: String
    public var kind: Kind
    /// The change in words, e.g. `new → qualified`.
    public var text: String

    public init(id: Int64, leadID: Int64, date: Date, by: String, kind: Kind, text: String) {
        self.id = id
        self.leadID = leadID
        self.date = date
        self.by = by
        self.kind = kind
        self.text = text
    }

    /// Who the rules act as in the log.
    public static let system = "leadmail"
}
