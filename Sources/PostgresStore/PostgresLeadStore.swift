import Dispatch
import Foundation
import LeadStore
import Leads
import Synchronization

/// The shared store: one PostgreSQL database that several LeadMail hosts use at once.
///
/// libpq is synchronous, as both store ports are inside their transactions, so each transaction holds one
/// connection from a small pool for its length; `LeadRecords`' `async` calls run it on a queue of their own, off
/// Swift's cooperative pool. Opening the store brings its schema up to date (`PostgresMigrator`).
public final class PostgresLeadStore: Sendable {
    public let location: PostgresLocation
    private let idle = Mutex<[PostgresConnection]>([])
    /// At most this many connections are kept open between transactions; more are opened when needed.
    private let keptOpen: Int
    /// The batches `inOneTransaction` holds open, by thread.
    let scope = ScopedConnections()
    let ledger = PostgresCommitCounter()
    /// The open pages following changes (`leadChanges()`).
    let changeFanOut = ChangeFanOut()

    /// How long a claim on an outbox row holds: a host that died holding replies (or lost the database) leaves
    /// them to the others once it has passed. Far longer than a reply takes to send.
    public let leaseDuration: TimeInterval

    /// Connects, and migrates the schema unless `migrate` is false.
    /// - Parameter leaseDuration: the URL's `outboxLease` when nil, else ten minutes.
    /// - Throws: `PostgresError` saying what to do (the server down, the database missing, the password wrong).
    public init(
        _ location: PostgresLocation, migrate: Bool = true, keptOpen: Int = 8, leaseDuration: TimeInterval? = nil
    ) throws(PostgresError) {
        self.location = location
        self.keptOpen = keptOpen
        self.leaseDuration = leaseDuration ?? location.outboxLease ?? 600
        let connection = try PostgresConnection(location)
        if migrate { try PostgresMigrator.migrate(connection) }
        checkIn(connection)
    }

    /// Closes the idle connections (those in use close when their transaction ends and finds the pool closed).
    public func close() {
        idle.withLock { $0.removeAll() }
    }

    func checkOut() throws(PostgresError) -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }), connection.isHealthy { return connection }
        return try PostgresConnection(location)
    }

    func checkIn(_ connection: PostgresConnection) {
        guard connection.isHealthy else { return }
        idle.withLock { if $0.count < keptOpen { $0.append(connection) } }
    }

    /// A connection with a transaction begun. An idle connection the server dropped (it restarted meanwhile)
    /// fails at BEGIN with nothing done on it: the next one, or a new one, is tried.
    private func begin(readOnly: Bool) throws -> PostgresConnection {
        var stale = 0
        while true {
            let connection = try checkOut()
            do {
                try connection.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
                return connection
            } catch {
                guard error.isConnectionLost, stale <= keptOpen else { throw error }
                stale += 1
            }
        }
    }

    /// Runs `body` in one transaction on a connection of its own: committed when it returns, rolled back when it
    /// throws. A transaction that lost a race with another host's (a deadlock or serialization failure) is run
    /// again, a few times.
    public func transaction<T>(
        readOnly: Bool = false, retries: Int = 5, durability: CommitDurability = .onDisk,
        _ body: (PostgresTransaction) throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            let connection = try begin(readOnly: readOnly)
            do {
                // The commit returns before the server's WAL flush; the server still flushes it within moments.
                if durability == .untilSynced { try connection.execute("SET LOCAL synchronous_commit = off") }
                let value = try body(PostgresTransaction(connection))
                try connection.execute("COMMIT")
                checkIn(connection)
                return value
            } catch {
                try? connection.execute("ROLLBACK")
                checkIn(connection)
                if let failure = error as? PostgresError, failure.isRetryable, attempt < retries {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

}

extension PostgresLeadStore: LeadRecords {
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T {
        try await Self.offPool { try self.transaction(readOnly: true) { tx in try body(tx) } }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any LeadTransaction) throws -> T) async throws -> T {
        try await write(.onDisk, body)
    }

    public func write<T: Sendable>(
        _ durability: CommitDurability, _ body: @escaping @Sendable (any LeadTransaction) throws -> T
    ) async throws -> T {
        try await Self.offPool { try self.transaction(durability: durability) { tx in try body(tx) } }
    }

    private static let queue = DispatchQueue(label: "leadmail.postgres", qos: .userInitiated, attributes: .concurrent)

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
