import Foundation

/// Something a person must do on a lead by a working day: call, email, send direct mail, meet.
///
/// Tasks stay on the lead until done, and move with it when it is handed to someone else.
public struct FollowUpTask: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case call, email
        case directMail = "direct-mail"
        case meeting
    }

    public var id: Int64
    public var leadID: Int64
    public var kind: Kind
    /// The day it is due, `YYYY-MM-DD`.
    public var due: String
    public var owner: String?
    /// Whether the rules created it when the lead came in or reopened (the one an email to the lead completes).
    public var isFollowUp: Bool
    public var createdAt: Date
    public var doneAt: Date?
    public var doneBy: String?

    public init(
        id: Int64, leadID: Int64, kind: Kind, due: String, owner: String?, isFollowUp: Bool, createdAt: Date,
        doneAt: Date? = nil, doneBy: String? = nil
    ) {
        self.id = id
        self.leadID = leadID
        self.kind = kind
        self.due = due
        self.owner = owner
        self.isFollowUp = isFollowUp
        self.createdAt = createdAt
        self.doneAt = doneAt
        self.doneBy = doneBy
    }

    public var isOpen: Bool { doneAt == nil }
}
