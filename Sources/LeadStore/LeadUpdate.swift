import Foundation
import Leads

/// Everything one action does to a lead, applied in one transaction: the change, the log entries that record
/// it, the tasks it creates or moves, and the staff notices it queues in the outbox.
///
/// Building the whole change first and writing it at once is what keeps "assigned but nobody told" or "status
/// changed but not logged" from ever being visible, even to another process.
public struct LeadUpdate: Sendable {
    /// A new owner; the lead's open tasks move with it.
    public struct Owner: Sendable, Hashable {
        public var email: String
        public var team: String?
        /// Why, for the log: the rule that chose, or "captured by colleague".
        public var reason: String?

        public init(email: String, team: String?, reason: String? = nil) {
            self.email = EmailAddress.normalised(email)
            self.team = team
            self.reason = reason
        }
    }

    /// A task to create.
    public struct NewTask: Sendable, Hashable {
        public var kind: FollowUpTask.Kind
        public var due: String
        /// nil: the lead's owner (after this update).
        public var owner: String?
        public var isFollowUp: Bool

        public init(kind: FollowUpTask.Kind, due: String, owner: String? = nil, isFollowUp: Bool = false) {
            self.kind = kind
            self.due = due
            self.owner = owner
            self.isFollowUp = isFollowUp
        }
    }

    /// Contact details a person corrected: each non-nil field replaces the lead's, an empty one clears it.
    public struct ContactEdit: Sendable, Hashable {
        public var name: String?
        public var phone: String?
        public var company: String?

        public init(name: String? = nil, phone: String? = nil, company: String? = nil) {
            self.name = name
            self.phone = phone
            self.company = company
        }

        public var isEmpty: Bool { name == nil && phone == nil && company == nil }
    }

    /// Where a lead came from, taken over from another lead in a merge.
    public struct Origin: Sendable, Hashable {
        public var source: String
        public var campaign: String?
        public var createdAt: Date
        /// The lead it is taken from, for the log (`L2`).
        public var from: String

        public init(source: String, campaign: String?, createdAt: Date, from: String) {
            self.source = source
            self.campaign = campaign
            self.createdAt = createdAt
            self.from = from
        }
    }

    public var leadID: Int64
    /// Who acts: a person's login or address, or `LeadEvent.system`.
    public var by: String
    /// A validated status change, and the status it was validated against: if another process moved the lead
    /// meanwhile, the update fails instead of skipping a step.
    public var status: (change: StatusChange, from: LeadStatus)?
    public var rating: LeadRating?
    public var contact: ContactEdit?
    /// The source, campaign and created date to count the lead under (a merge keeps the furthest-along lead's).
    public var origin: Origin?
    /// Tasks done that are open again (a call that did not reach anyone after all).
    public var reopenTasks: [Int64] = []
    public var score: Int?
    /// What the lead's enquiries matched, kept for the next pass (see `ScoreMatches`).
    public var scoreMatches: ScoreMatches?
    public var owner: Owner?
    /// Tags to add; one that the lead has in another case is not added again.
    public var addTags: [String] = []
    /// Tags to take off, in any case.
    public var removeTags: [String] = []
    public var remindOn: String?
    /// Clears the reminder day once the reminder has become a task (so it comes back once, not every wake).
    public var reminderFired = false
    public var newTasks: [NewTask] = []
    /// Marks the lead's open follow-up tasks done (an email to the lead or a logged call was seen).
    public var completeFollowUps = false
    /// Log entries besides the ones the store writes for the fields above.
    public var events: [(kind: LeadEvent.Kind, text: String)] = []
    /// Staff notices to queue in the outbox, logged on the lead as `notification`.
    public var notices: [OutgoingMail] = []
    /// The last communication the intake rules have now looked at.
    public var workflowSeen: Int64?
    public var firstContactAt: Date?
    /// A round-robin team whose turn moves on.
    public var advanceTurn: String?
    /// The morning digest this update sends, recorded so it goes once per owner and day.
    public var digest: (owner: String, day: String)?

    public init(leadID: Int64, by: String) {
        self.leadID = leadID
        self.by = by
    }
}

extension LeadUpdate {
    /// Human contact with the lead (a logged call, a call or meeting done, a letter, the owner's own mail): the
    /// follow-up is done, the first contact dated, and a new lead contacted. One rule for every way contact comes.
    /// - Parameter status: the lead's status now, which the move is checked against when the update is applied.
    public mutating func recordHumanContact(at date: Date, status: LeadStatus) {
        completeFollowUps = true
        firstContactAt = date
        if let change = StatusChange.afterHumanContact(from: status) { self.status = (change, status) }
    }
}
