import Foundation
import GRDB
import GRDBSQLite
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One commit for many messages: the store calls made inside `inOneTransaction` share its transaction.
///
/// A commit in WAL mode with `synchronous = FULL` costs an fsync, milliseconds on real disks; recording a backlog
/// one message per transaction spends most of its time waiting for them. Inside the scope each write runs in a
/// savepoint of its own, so a message that fails undoes only its own changes and the rest still commit together,
/// and each read sees what the scope wrote so far (a contact's second message in the batch finds the first).
extension SQLiteLeadStore {
    public func inOneTransaction<T>(_ durability: CommitDurability, _ body: () throws -> T) throws -> T {
        if scope.database() != nil { return try body() }
        return try writeTransaction(durability) { db in
            let result = try scope.bind(db, body)
            // SQLite undoes the whole transaction by itself on some errors (disk full, I/O); what the body was told
            // was recorded is then gone, and must not be reported (or filed out of new/) as done.
            guard db.isInsideTransaction else { throw Self.transactionLost }
            return result
        }
    }

    static let transactionLost = DatabaseError(
        resultCode: .SQLITE_ABORT,
        message: "SQLite rolled the batch's transaction back after an error; nothing in it was recorded")

    /// A write: in a savepoint of the open scope when this thread has one, else a transaction of its own.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        guard let db = scope.database() else { return try writeTransaction(.onDisk, updates) }
        // Outside a transaction a savepoint would commit on its own: never after SQLite rolled the batch back.
        guard db.isInsideTransaction else { throw Self.transactionLost }
        // Through cached statements: GRDB's `inSavepoint` prepares its SAVEPOINT and RELEASE anew each time, and
        // a backlog's batch takes one savepoint a message, an outbox batch two a reply.
        try db.cachedStatement(sql: "SAVEPOINT leadmail_write").execute()
        let result: T
        do {
            result = try updates(db)
        } catch {
            // Undoes this write only; when SQLite has rolled the whole transaction back there is nothing to undo.
            try? db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT leadmail_write").execute()
            try? db.cachedStatement(sql: "RELEASE SAVEPOINT leadmail_write").execute()
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT leadmail_write").execute()
        return result
    }

    /// A write whose commit need not reach the disk by itself (`.untilSynced`). For the outbox claim, whose only
    /// successor that matters (the handover, just before the relay gets the reply) is durable: a claim lost in a
    /// power cut leaves a row nothing was sent for, queued as before. And for the record of a reply sent, whose
    /// loss leaves the row handed over, which recovery marks uncertain. Each saves an fsync on the writer's way
    /// from one message to the next. Inside an open scope it is a write of the scope like any other.
    func writeSyncedByNextCommit<T>(_ updates: (Database) throws -> T) throws -> T {
        if scope.database() != nil { return try write(updates) }
        return try writeTransaction(.untilSynced, updates)
    }

    /// A transaction of its own; `.untilSynced` skips SQLite's WAL fsync at its commit (`synchronous = NORMAL`
    /// for this one transaction), and the next durable commit or `syncCommits()`, which syncs the WAL up to its
    /// end, carries it to disk. Either way the commit is numbered in the ledger, on the writer's queue.
    private func writeTransaction<T>(_ durability: CommitDurability, _ updates: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            guard durability == .untilSynced else {
                let value = try Self.inTransaction(db, updates)
                ledger.committed(isDurable: true)
                return value
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            let result = Result<T, any Error> { try Self.inTransaction(db, updates) }
            // Every other commit of this connection must sync again (see openAndMigrate).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let value = try result.get()
            ledger.committed(isDurable: false)
            return value
        }
    }

    private static func inTransaction<T>(_ db: Database, _ updates: (Database) throws -> T) throws -> T {
        var value: T?
        try db.inTransaction(.immediate) {
            value = try committable(db: db, updates)
            return .commit
        }
        return value!
    }

    /// A transaction's updates followed by what every commit must carry with it: the search index brought up to
    /// date with the leads they changed.
    private static func committable<T>(db: Database, _ updates: (Database) throws -> T) throws -> T {
        let result = try updates(db)
        try bringSearchIndexUpToDate(db)
        return result
    }

    public func latestCommit() -> UInt64 {
        ledger.latest
    }

    public func syncCommits(through commit: UInt64) throws {
        guard !ledger.isDurable(commit) else { return }
        try syncCommits()
    }

    public func syncCommits() throws {
        do {
            try pool.writeWithoutTransaction { db in
                // On the writer's queue no commit is under way: the sync below covers every commit numbered so far.
                let through = ledger.latest
                guard let connection = db.sqliteConnection else { return }
                // The writer's handle on the write-ahead log (SQLite's own, so its VFS's way of syncing applies).
                // No handle open means this connection has written nothing, so nothing of it waits for the disk.
                var log: UnsafeMutablePointer<sqlite3_file>?
                let found = sqlite3_file_control(connection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log)
                guard found == SQLITE_OK else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: found), message: "no handle on the log")
                }
                guard let log, let sync = log.pointee.pMethods?.pointee.xSync else {
                    ledger.markDurable(through: through)
                    return
                }
                let synced = sync(log, SQLITE_SYNC_NORMAL)
                guard synced == SQLITE_OK else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: synced), message: "fsync of the log failed")
                }
                ledger.markDurable(through: through)
            }
        } catch {
            throw StoreError(path: path, operation: "syncing its write-ahead log to disk", underlying: "\(error)")
        }
    }

    /// A read: through the open scope when this thread has one (so it sees the scope's own writes), else from a
    /// reader connection, concurrently with any writer.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        guard let db = scope.database() else { return try pool.read(value) }
        return try value(db)
    }
}

/// The transactions open on threads of this store, each bound to the thread that runs its body: the write
/// transaction `inOneTransaction` holds open, and each concurrent read of the async port. Other threads keep using
/// the pool as usual (their writes wait for the commit, their reads see what was committed before).
///
/// GRDB's `Database` is not `Sendable`: each is only ever used on the thread that bound it.
final class TransactionScope: Sendable {
    /// A connection handed between threads only to be kept; it is used on the thread that bound it.
    private struct Handle: @unchecked Sendable {
        let database: Database
    }

    /// By thread: several port reads run at once, each on its own thread.
    private let open = Mutex<[pthread_t: Handle]>([:])

    func database() -> Database? {
        let thread = pthread_self()
        return open.withLock { $0[thread] }?.database
    }

    func bind<T>(_ database: Database, _ body: () throws -> T) rethrows -> T {
        let thread = pthread_self()
        let handle = Handle(database: database)
        let outer = open.withLock { $0.updateValue(handle, forKey: thread) }
        defer { open.withLock { $0[thread] = outer } }
        return try body()
    }
}
