import Foundation
import Leads

/// Which leads to list.
public struct LeadQuery: Sendable, Hashable {
    public var status: LeadStatus?
    public var source: String?
    public var campaign: String?
    /// nil lists every match.
    public var limit: Int?

    public init(status: LeadStatus? = nil, source: String? = nil, campaign: String? = nil, limit: Int? = nil) {
        self.status = status
        self.source = source
        self.campaign = campaign
        self.limit = limit
    }
}

/// The persistence the pipeline needs, shaped so that a PostgreSQL store can stand beside the SQLite one.
///
/// The central promise is `recordInbound`: the inbound message, the lead change and the queued reply commit in one
/// transaction, and a message already recorded (same Message-ID or fingerprint) changes nothing. That is what lets
/// the pipeline re-run a message after a crash without double leads or double replies.
public protocol LeadStore: Sendable {
    /// Records an inbound message, opening or extending a lead, and queues the reply `compose` returns.
    ///
    /// A message that is no enquiry and joins no lead, but whose `threadIDs` name messages not recorded yet (an
    /// out-of-office delivered before the enquiry it answers), is kept aside with outcome `.ignored`; recording a
    /// message with one of those Message-IDs on a lead later moves it to that lead's log, unanswered.
    ///
    /// - Parameters:
    ///   - compose: called inside the transaction once the lead is known, with the outcome so far; returns the
    ///     reply to queue, or nil. If it throws, nothing is recorded and the error is rethrown.
    /// - Returns: the outcome and the reply that was queued, if any.
    func recordInbound(
        _ message: InboundMessage, at now: Date,
        compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?)

    /// Runs `body` with every store call it makes in one write transaction, each write in a savepoint of its own:
    /// a batch of messages is one commit (one fsync) instead of one each, and a message that fails undoes only
    /// itself. Nothing is committed if `body` throws. Calls from other threads meanwhile are not part of it.
    ///
    /// With `.untilSynced` the commit does not wait for the disk: it survives the process being killed, and a
    /// power cut only after `syncCommits()` or any later `.onDisk` commit. A caller that acts on the commit in a
    /// way a power cut must not undo (moving a message out of new/) calls `syncCommits()` first.
    func inOneTransaction<T>(_ durability: CommitDurability, _ body: () throws -> T) throws -> T

    /// Takes hold, to the end of the open transaction, of the people `messages` will be recorded for: their
    /// contacts, and the contacts of the leads they answer. All at once and in one order that every process uses,
    /// so that two hosts whose batches meet the same people wait for each other instead of each holding one
    /// person the other needs (a deadlock, which the database breaks by failing one of them after a second).
    /// A store with one writer at a time has nothing to take (the default).
    func holdPeople(of messages: [InboundMessage]) throws
    /// The people of the leads `leadIDs`, taken as `holdPeople(of:)` takes them, for a batch that writes those
    /// leads' rows outside intake: the outbox's hand-over and finish (which date a lead's first reply) and the
    /// lead rules' catch-up.
    func holdPeople(ofLeads leadIDs: [Int64]) throws

    /// Makes every commit so far durable, `.untilSynced` ones included; cheap when a durable commit came last.
    /// - Throws: `StoreError` when the disk reports an error: those commits may then be lost in a power cut.
    func syncCommits() throws

    /// Notes maildir files as taken, by unique name (without `:2,` flags), in the open transaction if any.
    func noteTaken(_ names: [String]) throws
    /// Those of `names` (unique maildir names) the store has not taken yet, in the order given.
    func untaken(_ names: [String]) throws -> [String]

    /// The number of this store's latest commit; commits are numbered in the order they reach the log.
    func latestCommit() -> UInt64

    /// Makes commit `commit` (a number from `latestCommit()`) and those before it durable, and waits for the disk
    /// only when no durable commit or sync since has done so: after a reply's handover, a durable commit, the
    /// messages recorded before it need no fsync of their own.
    /// - Throws: `StoreError` when the disk reports an error.
    func syncCommits(through commit: UInt64) throws

    /// Moves a lead to another status (a closed lead no longer takes repeat enquiries).
    func setStatus(leadID: Int64, to status: LeadStatus, at now: Date) throws

    func leads(_ query: LeadQuery) throws -> [Lead]
    func lead(id: Int64) throws -> Lead?
    /// The lead's communications log, oldest first.
    func communications(leadID: Int64) throws -> [Communication]

    /// When the contact with this address last got (or has queued) an automatic reply, for the repeat window.
    func lastAutoReply(to email: String) throws -> Date?
    /// Everything in the outbox that is not sent. (Sending goes through `OutboxLedger`: claim, handover, finish.)
    func pendingOutbox() throws -> [OutboxItem]

    // MARK: After intake: the lifecycle (SQLiteLeadStore+Lifecycle, +Tasks, +Search, +Workflow, +Reports)

    /// Applies one action's whole change (status, owner, tasks, log entries, staff notices) in one transaction.
    /// - Throws: `LifecycleError` when the lead is unknown or its status moved since the change was checked.
    func apply(_ update: LeadUpdate, at now: Date) throws
    /// Several updates in one transaction: all of them, or none (a failure names the first that failed).
    func apply(all updates: [LeadUpdate], at now: Date) throws
    /// Rating, score, owner, tags and closing details; nil for an unknown lead.
    func lifecycle(leadID: Int64) throws -> LeadLifecycle?
    /// The lead's work log, oldest first.
    func events(leadID: Int64) throws -> [LeadEvent]
    func tasks(leadID: Int64) throws -> [FollowUpTask]
    /// Open tasks, earliest due first; every owner's when `owner` is nil.
    func openTasks(owner: String?) throws -> [FollowUpTask]
    /// Open tasks of `owner`, as `ownersAwaitingDigest` gives it, due on `day` or earlier: a morning digest.
    func openTasks(owner: String, dueBy day: String) throws -> [FollowUpTask]
    /// Marks a task done and logs it; a call or meeting also completes the lead's follow-up.
    func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask
    /// Open leads per owner.
    func workload() throws -> [String: Int]
    /// How many leads a round-robin team has handed out.
    func teamTurn(_ team: String) throws -> Int
    /// Owners with an open task due on `day` or earlier who have had no digest on `day`, by address: who the
    /// morning digest is still owed to. Asked on every wake of `leadmail run`, so it costs the number of owners,
    /// not of open tasks.
    func ownersAwaitingDigest(day: String) throws -> [String]
    /// Leads whose newest messages the intake rules have not seen (also those a crash left behind).
    ///
    /// The first `limit` of them with an id above `leadID`, in id order: a backlog's catch-up takes them a
    /// slice at a time, so that a thousand leads' new messages are not in memory at once.
    func pendingWorkflow(after leadID: Int64, limit: Int) throws -> [WorkflowItem]
    /// One lead as the intake rules see it: the facts its score is made from.
    func workflowItem(leadID: Int64) throws -> WorkflowItem?
    /// Open, non-nurture leads whose rules-made follow-up, set before `setBefore`, is not done.
    func openFollowUps(setBefore: Date) throws -> [(listing: LeadListing, task: FollowUpTask)]
    func search(_ query: LeadSearch) throws -> [LeadListing]
    /// Leads created in `[from, until)`, only those tagged `tag` when given, as the campaign report counts them.
    func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead]
    /// Open leads whose reminder day (`leads remind`, or the end of a nurture) is `day` or earlier.
    func dueReminders(through day: String) throws -> [LeadListing]
    /// Records many enquiries (an imported spreadsheet) in one transaction, each checked for duplicates as a
    /// message is: all of them are recorded, or none.
    func recordBatch(_ messages: [InboundMessage], at now: Date) throws -> [IntakeOutcome]

    /// Runs `body` unless another process sharing this store runs work of the same `name` at this moment, so
    /// that work meant once for all hosts (the timed lead rules) is done once. False when it was skipped.
    /// A store that only processes of one machine share may simply run it (the default).
    func exclusively(_ name: String, _ body: () throws -> Void) throws -> Bool
}

/// When a commit is on disk: before it returns, or once the caller asks (`LeadStore.syncCommits()`).
public enum CommitDurability: Sendable, Hashable {
    /// Synced before the commit returns: an fsync each.
    case onDisk
    /// Written to the operating system when the commit returns, synced by the next `syncCommits()` or durable
    /// commit: the wait for the disk is shared with what comes next instead of taken on its own.
    case untilSynced
}

extension LeadStore {
    public func holdPeople(of messages: [InboundMessage]) throws {}

    public func holdPeople(ofLeads leadIDs: [Int64]) throws {}

    public func exclusively(_ name: String, _ body: () throws -> Void) throws -> Bool {
        try body()
        return true
    }

    /// `inOneTransaction(.onDisk, body)`: the commit is on disk when it returns.
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        try inOneTransaction(.onDisk, body)
    }

    /// Every lead whose newest messages the intake rules have not seen.
    public func pendingWorkflow() throws -> [WorkflowItem] {
        try pendingWorkflow(after: 0, limit: Int.max)
    }

    /// Leads created in `[from, until)`, whatever their tags.
    public func reportedLeads(from: Date?, until: Date?) throws -> [ReportedLead] {
        try reportedLeads(from: from, until: until, tag: nil)
    }
}
