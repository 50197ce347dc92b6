import Foundation
import LeadStore
import Synchronization

/// The transactions `inOneTransaction` holds open, one per thread that runs a batch: the store calls that thread
/// makes meanwhile run on that connection, each write in a savepoint; other threads use the pool as usual.
final class ScopedConnections: Sendable {
    private let open = Mutex<[UInt: PostgresConnection]>([:])

    private static var thread: UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }

    func connection() -> PostgresConnection? {
        open.withLock { $0[Self.thread] }
    }

    func bind<T>(_ connection: PostgresConnection, _ body: () throws -> T) rethrows -> T {
        let thread = Self.thread
        open.withLock { $0[thread] = connection }
        defer { _ = open.withLock { $0.removeValue(forKey: thread) } }
        return try body()
    }
}

extension PostgresLeadStore {
    /// A write: a savepoint of this thread's open batch when it has one (a failure undoes only this write; one
    /// that lost a race with another host, a deadlock, is tried again), else a transaction of its own.
    func writing<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        guard let connection = scope.connection() else { return try transaction(body) }
        var attempt = 0
        while true {
            try connection.execute("SAVEPOINT leadmail_write")
            do {
                let value = try body(PostgresTransaction(connection))
                try connection.execute("RELEASE SAVEPOINT leadmail_write")
                return value
            } catch {
                try? connection.execute("ROLLBACK TO SAVEPOINT leadmail_write; RELEASE SAVEPOINT leadmail_write")
                if let failure = error as? PostgresError, failure.isRetryable, attempt < 5 {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    /// A read: in this thread's open batch (seeing its writes) when it has one, else a snapshot of its own.
    func reading<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        guard let connection = scope.connection() else { return try transaction(readOnly: true, body) }
        return try body(PostgresTransaction(connection))
    }

    public func inOneTransaction<T>(_ durability: CommitDurability, _ body: () throws -> T) throws -> T {
        if scope.connection() != nil { return try body() }
        // Every commit waits for the server's disk (synchronous_commit stays on): `.untilSynced` is kept as
        // `.onDisk`, so `syncCommits` has nothing left to do.
        // Not run again on a lost race: the batch's writes each retry in their savepoint instead.
        let value = try transaction(retries: 0) { tx in try scope.bind(tx.connection, body) }
        ledger.committed()
        return value
    }

    public func syncCommits() throws {}

    public func latestCommit() -> UInt64 { ledger.latest }

    public func syncCommits(through commit: UInt64) throws {}
}

/// Commits numbered in order; on PostgreSQL each is durable when it returns.
final class PostgresCommitCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    func committed() { _ = count.wrappingAdd(1, ordering: .relaxed) }
    var latest: UInt64 { count.load(ordering: .relaxed) }
}
