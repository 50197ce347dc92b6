import Dispatch
import Foundation
import GRDB
import Leads

/// The SQLite adapter of `LeadRecords`. A transaction is `inOneTransaction`'s scope (a write transaction bound to
/// the thread that runs the body) or a reader's snapshot, run on a queue of its own so that the `async` caller
/// suspends instead of holding a thread of Swift's cooperative pool while SQLite waits for a lock or the disk.
extension SQLiteLeadStore: LeadRecords {
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T {
        try await Self.offPool {
            try self.pool.read { db in try self.scope.bind(db) { try body(SQLiteTransaction(store: self)) } }
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T {
        try await write(.onDisk, body)
    }

    public func write<T: Sendable>(
        _ durability: CommitDurability, _ body: @escaping @Sendable (any LeadTransaction) throws -> T
    ) async throws -> T {
        try await Self.offPool {
            try self.inOneTransaction(durability) { try body(SQLiteTransaction(store: self)) }
        }
    }

    private static let queue = DispatchQueue(label: "leadmail.store", qos: .userInitiated, attributes: .concurrent)

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// A transaction of the SQLite store: the store's own calls, which find the transaction bound to this thread.
struct SQLiteTransaction: LeadTransaction {
    let store: SQLiteLeadStore

    func lead(id: Int64) throws -> Lead? { try store.lead(id: id) }
    func lifecycle(leadID: Int64) throws -> LeadLifecycle? { try store.lifecycle(leadID: leadID) }
    func communications(leadID: Int64) throws -> [Communication] { try store.communications(leadID: leadID) }
    func events(leadID: Int64) throws -> [LeadEvent] { try store.events(leadID: leadID) }
    func tasks(leadID: Int64) throws -> [FollowUpTask] { try store.tasks(leadID: leadID) }
    func leadID(ofTask id: Int64) throws -> Int64? { try store.leadID(ofTask: id) }
    func openTasks(owner: String?) throws -> [FollowUpTask] { try store.openTasks(owner: owner) }
    func search(_ query: LeadSearch) throws -> [LeadListing] { try store.search(query) }
    func tally(_ query: LeadSearch) throws -> LeadTally { try store.tally(query) }
    func wasOpened(leadID: Int64, by reader: String) throws -> Bool { try store.wasOpened(leadID: leadID, by: reader) }
    func markOpened(leadID: Int64, by reader: String, at now: Date) throws {
        try store.markOpened(leadID: leadID, by: reader, at: now)
    }
    func savedViews(userID: Int64) throws -> [SavedView] { try store.savedViews(userID: userID) }
    func saveView(_ view: SavedView) throws -> SavedView { try store.saveView(view) }
    func deleteView(id: Int64, userID: Int64) throws -> Bool { try store.deleteView(id: id, userID: userID) }
    func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate] {
        try store.possibleDuplicates(freeMailDomains: freeMailDomains)
    }
    func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead] {
        try store.reportedLeads(from: from, until: until, tag: tag)
    }
    func workflowItem(leadID: Int64) throws -> WorkflowItem? { try store.workflowItem(leadID: leadID) }

    func apply(_ update: LeadUpdate, at now: Date) throws { try store.apply(update, at: now) }
    func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask {
        try store.completeTask(id: id, by: by, at: now)
    }
    func merge(_ duplicate: Int64, into keep: Int64, by: String, at now: Date) throws {
        try store.merge(duplicate, into: keep, by: by, at: now)
    }
    func deleteLead(_ id: Int64) throws -> Lead { try store.deleteLead(id) }
    func queue(_ mail: OutgoingMail, leadID: Int64, at now: Date) throws -> OutboxItem {
        try store.queue(mail, leadID: leadID, at: now)
    }
    func outboxEntries(includeSent: Bool) throws -> [OutboxEntry] { try store.outboxEntries(includeSent: includeSent) }
    func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt] { try store.outboxAttempts(outboxID: outboxID) }
    func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue {
        try store.requeueOutbox(id: id, confirmed: confirmed, by: by, at: now)
    }
    func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool {
        try store.cancelOutbox(id: id, by: by, at: now)
    }

    func users() throws -> [User] { try store.users() }
    func credentials(email: String) throws -> (user: User, passwordHash: String)? {
        try store.credentials(email: email)
    }
    func addUser(_ user: User, passwordHash: String, at now: Date) throws -> User {
        try store.addUser(user, passwordHash: passwordHash, at: now)
    }
    func updateUser(_ user: User, at now: Date) throws { try store.updateUser(user, at: now) }
    func setPasswordHash(_ hash: String, forUser id: Int64, at now: Date) throws {
        try store.setPasswordHash(hash, forUser: id, at: now)
    }
}
