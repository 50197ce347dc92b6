import Foundation
import Synchronization

/// Which of this store's commits are on disk, so that a caller waits for the disk only when what it needs is not
/// there yet.
///
/// Each commit gets the next number. A commit with `synchronous = FULL`, or a sync of the write-ahead log, makes
/// every commit up to it durable: the log is one file, written in order, and an fsync covers all of it. Both are
/// recorded on the writer's queue, where commits happen one at a time, so the numbers follow the log's order.
final class CommitLedger: Sendable {
    private let state = Mutex<(last: UInt64, durable: UInt64)>((0, 0))

    /// Records a commit that just finished (on the writer's queue) and returns its number.
    @discardableResult
    func committed(isDurable: Bool) -> UInt64 {
        state.withLock {
            $0.last += 1
            if isDurable { $0.durable = $0.last }
            return $0.last
        }
    }

    /// The number of the latest commit.
    var latest: UInt64 { state.withLock { $0.last } }

    /// Records that the log was synced after commit `commit` (read on the writer's queue before the sync began).
    func markDurable(through commit: UInt64) {
        state.withLock { $0.durable = max($0.durable, commit) }
    }

    /// Whether commit `commit` is on disk.
    func isDurable(_ commit: UInt64) -> Bool {
        state.withLock { commit <= $0.durable }
    }
}
