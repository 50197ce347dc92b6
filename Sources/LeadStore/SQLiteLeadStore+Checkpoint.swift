import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints at a time of the caller's choosing, for `leadmail run`.
///
/// SQLite copies the write-ahead log back into the database file (a checkpoint) inside the commit that takes the
/// log past 1,000 pages, so now and then a message would wait for a checkpoint and its fsync of the database file
/// before its reply could go out: the slowest replies would be those. `run` instead checkpoints after a round's
/// replies are out.
extension SQLiteLeadStore {
    /// Turns SQLite's automatic checkpoint off for this store's writer and starts counting the log's pages, for
    /// `checkpointIfLogIsLong()` to act on. Other processes on the same file keep their own automatic checkpoints.
    /// A log longer than `logSizeLimit` found here (left by a process stopped on a full disk) is truncated by
    /// the first `checkpointIfLogIsLong()`.
    public func leaveCheckpointsToCaller() throws {
        let counter = walPages
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
        if log > Self.logSizeLimit { counter.checkpointFailed = true }
        try pool.writeWithoutTransaction { db in
            guard let connection = db.sqliteConnection else { return }
            // A WAL hook replaces the automatic checkpoint (which is itself one); it is told the log's length
            // after every commit. SQLite calls it only from a commit, and commits go only through this store,
            // which owns the counter: the counter is alive whenever the hook runs.
            sqlite3_wal_hook(
                connection,
                { context, _, _, pages in
                    guard let context else { return SQLITE_OK }
                    Unmanaged<WALPageCounter>.fromOpaque(context).takeUnretainedValue().pages = Int(pages)
                    return SQLITE_OK
                }, Unmanaged.passUnretained(counter).toOpaque())
        }
    }

    /// The size the write-ahead log file is cut back to when it starts over (`PRAGMA journal_size_limit`): the
    /// 1,000 pages after which a checkpoint is due.
    static let logSizeLimit = 4 * 1024 * 1024

    /// Checkpoints (PASSIVE: never waits for readers) when the log holds at least `pages` pages since the
    /// last checkpoint. After a failed checkpoint (a full disk) the next call truncates the log to nothing
    /// (TRUNCATE) whatever its length, so the space the disk regains is not taken by a log that only grows.
    /// - Returns: whether a checkpoint ran.
    @discardableResult
    public func checkpointIfLogIsLong(pages: Int = 1000) throws -> Bool {
        let truncating = walPages.checkpointFailed
        guard truncating || walPages.pages >= pages else { return false }
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(truncating ? .truncate : .passive) }
        } catch {
            walPages.checkpointFailed = true
            throw error
        }
        walPages.pages = 0
        walPages.checkpointFailed = false
        return true
    }
}

/// The write-ahead log's length in pages after the writer's last commit, as SQLite's WAL hook reports it.
final class WALPageCounter: Sendable {
    private let state = Mutex<(pages: Int, failed: Bool)>((0, false))

    var pages: Int {
        get { state.withLock { $0.pages } }
        set { state.withLock { $0.pages = newValue } }
    }

    /// Whether the last checkpoint failed, so that the next one truncates the log.
    var checkpointFailed: Bool {
        get { state.withLock { $0.failed } }
        set { state.withLock { $0.failed = newValue } }
    }
}
