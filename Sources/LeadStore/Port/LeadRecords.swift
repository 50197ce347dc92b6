import Foundation
import Leads

/// The store as people's work sees it: `async`, with each transaction an explicit value.
///
/// `LeadDesk` reads and writes through this port only, so that a web request never blocks its executor while the
/// database works, and so that a second adapter (PostgreSQL) has one contract to meet. It holds no concept of a
/// particular database: no write-ahead log, checkpoint or full-text query syntax. (The mail pipeline's own,
/// synchronous and batch-shaped port is `LeadStore`.)
public protocol LeadRecords: Sendable {
    /// Runs `body` on one consistent snapshot; it may not write.
    func read<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T
    /// Runs `body` in one write transaction: everything it wrote commits together, or nothing if it throws.
    /// The commit is on disk when this returns.
    func write<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T
    /// `write` whose commit may reach the disk only with a later one (`.untilSynced`), for what a power cut may
    /// lose without harm, such as which leads a person has opened: a page view then costs the store no fsync.
    func write<T: Sendable>(
        _ durability: CommitDurability, _ body: @escaping @Sendable (any LeadTransaction) throws -> T
    ) async throws -> T
}

/// One transaction of `LeadRecords`: what people's work reads and writes, all of it seeing the transaction's own
/// writes. Valid only inside the closure it was given to.
public protocol LeadTransaction: WebSessionTransaction, WorkspaceViewTransaction, AuditTransaction,
    TrackingTransaction, DashboardTransaction
{
    func lead(id: Int64) throws -> Lead?
    /// Rating, score, owner, tags and closing details; nil for an unknown lead.
    func lifecycle(leadID: Int64) throws -> LeadLifecycle?
    /// Every message in and out, oldest first.
    func communications(leadID: Int64) throws -> [Communication]
    /// The work log, oldest first.
    func events(leadID: Int64) throws -> [LeadEvent]
    func tasks(leadID: Int64) throws -> [FollowUpTask]
    /// The lead a task belongs to, done or not.
    func leadID(ofTask id: Int64) throws -> Int64?
    /// Open tasks, earliest due first; every owner's when `owner` is nil.
    func openTasks(owner: String?) throws -> [FollowUpTask]
    func search(_ query: LeadSearch) throws -> [LeadListing]
    /// How many leads match `query` (its filters and reach; not its order, limit or offset) and the sum of their
    /// values (a lead without a value counts as 0).
    func tally(_ query: LeadSearch) throws -> LeadTally
    /// Pairs of leads of different contacts that may be one person.
    func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate]
    /// Leads created in `[from, until)`, only those tagged `tag` when given.
    func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead]
    /// One lead as the lead rules see it: the facts its score is made from.
    func workflowItem(leadID: Int64) throws -> WorkflowItem?

    /// Applies one action's whole change (status, owner, tasks, tags, log entries, staff notices).
    /// - Throws: `LifecycleError` when the lead is unknown or its status moved since the change was checked.
    func apply(_ update: LeadUpdate, at now: Date) throws
    /// Marks a task done and logs it; a call or meeting is human contact (the follow-up done, a new lead contacted).
    func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask
    /// Folds lead `duplicate` into `keep` with the whole log of both; the kept lead takes the contact details it
    /// lacked and the earlier of the two first contacts and reminders. Status, owner and rating are the caller's
    /// (`LeadUpdate`, applied after).
    func merge(_ duplicate: Int64, into keep: Int64, by: String, at now: Date) throws
    /// Deletes a lead with its log, tasks, tags and outbox rows; returns it as it was.
    func deleteLead(_ id: Int64) throws -> Lead
    /// Queues a mail to send, logged on the lead as an outbound message of its kind.
    func queue(_ mail: OutgoingMail, leadID: Int64, at now: Date) throws -> OutboxItem

    /// Every outbox row that is not sent (every row with `includeSent`), oldest first, with its bookkeeping.
    func outboxEntries(includeSent: Bool) throws -> [OutboxEntry]
    /// The delivery attempts and operators' actions on one row, oldest first.
    func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt]
    /// Queues a row again, due now; nil takes every reply that failed in delivery. A row whose outcome someone or
    /// a limit decided, or that the relay may have, goes again only `confirmed` (see `OutboxOutcome`).
    func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue
    /// Drops a row that is not sent (failed as cancelled, logged on its lead with `by`); false when there is no
    /// such row.
    func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool

    /// Every user, by address.
    func users() throws -> [User]
    /// The user and their password hash, for signing in; any case of the address.
    func credentials(email: String) throws -> (user: User, passwordHash: String)?
    /// - Throws: `UserStoreError.exists` when the address is taken.
    func addUser(_ user: User, passwordHash: String, at now: Date) throws -> User
    func updateUser(_ user: User, at now: Date) throws
    func setPasswordHash(_ hash: String, forUser id: Int64, at now: Date) throws
}

extension LeadTransaction {
    /// The user with this address (any case), enabled or not.
    public func user(email: String) throws -> User? {
        try credentials(email: email)?.user
    }
}
