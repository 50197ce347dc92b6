import Foundation
import Maildir
import Synchronization

/// Work on a batch that runs off the writer's task and that the writer joins once its own commit is done, so
/// that neither core waits while the other has work (`LeadMailService.inFlight`).
protocol BatchWork: Sendable {
    associatedtype Output: Sendable
    /// Starts the work on other threads.
    func begin()
    /// Takes part in what is left, waits for the rest, and returns the result.
    func finish() async -> Output
}

extension IntakePipeline {
    /// Messages of new/ being claimed, read and parsed, one at a time, by whoever has a core free: helper tasks
    /// start at once, and the writer joins in when its commit of the previous batch is done. Parsing is the
    /// larger stage, so the writer's spare time goes into it instead of the two stages waiting for each other.
    /// The claims (a rename each) are part of that shared work: made by the writer before the helpers started,
    /// they left the helpers idle for a millisecond or more per batch.
    public final class BatchPreparation: BatchWork, Sendable {
        let pipeline: IntakePipeline
        let mailbox: Maildir
        let items: [MaildirMessage]
        /// False in a pass alone (`MaildirIntakeLock`): messages are taken where they are, without a claim.
        let claiming: Bool
        private let progress: Mutex<Progress>

        /// What became of one listed message.
        private enum Slot {
            /// Claimed by this process (the message at its claimed path), then read and parsed or not.
            case claimed(MaildirMessage, Result<PreparedMessage, any Error>)
            /// Another process claimed it first, or it is gone.
            case takenElsewhere
            /// The claim's rename failed: the message stays in new/ as it was.
            case unclaimable(any Error)
        }

        /// The messages started and finished, and the writer waiting for the last ones, if it is.
        private struct Progress: ~Copyable {
            var nextIndex = 0
            var finished = 0
            var slots: [Slot?]
            var writer: CheckedContinuation<Void, Never>?
        }

        init(_ items: [MaildirMessage], in mailbox: Maildir, claiming: Bool, pipeline: IntakePipeline) {
            self.items = items
            self.mailbox = mailbox
            self.claiming = claiming
            self.pipeline = pipeline
            progress = Mutex(Progress(slots: Array(repeating: nil, count: items.count)))
        }

        /// One helper per core but the writer's.
        func begin() {
            for _ in 0..<min(max(IntakePipeline.cores - 1, 1), items.count) {
                Task.detached { self.help() }
            }
        }

        /// Claims, reads and parses messages until none is left to start.
        func help() {
            while let index = take() {
                let slot: Slot
                do {
                    // Another `leadmail run` on the same maildir may have taken it: the claim decides, atomically.
                    if let mine = claiming ? try mailbox.claim(items[index]) : items[index] {
                        slot = .claimed(mine, pipeline.prepare(mine, in: mailbox))
                    } else {
                        slot = .takenElsewhere
                    }
                } catch {
                    slot = .unclaimable(error)
                }
                let count = items.count
                // The writer, when this was the last message it waited for: resumed once the lock is let go.
                let waiting = progress.withLock { progress -> CheckedContinuation<Void, Never>? in
                    progress.slots[index] = slot
                    progress.finished += 1
                    guard progress.finished == count else { return nil }
                    defer { progress.writer = nil }
                    return progress.writer
                }
                waiting?.resume()
            }
        }

        private func take() -> Int? {
            let count = items.count
            return progress.withLock { progress in
                guard progress.nextIndex < count else { return nil }
                progress.nextIndex += 1
                return progress.nextIndex - 1
            }
        }

        /// Helps, then waits (suspended, not blocking a thread) for the messages helpers are still on, and returns
        /// the batch.
        func finish() async -> ClaimedBatch {
            help()
            let count = items.count
            await withCheckedContinuation { (writer: CheckedContinuation<Void, Never>) in
                let done = progress.withLock { progress in
                    if progress.finished == count { return true }
                    progress.writer = writer
                    return false
                }
                if done { writer.resume() }
            }
            return collected()
        }

        /// The batch, once every message is finished.
        private func collected() -> ClaimedBatch {
            let all = progress.withLock { progress in progress.slots.map { $0! } }
            var claimed: [MaildirMessage] = []
            var contents: [Result<PreparedMessage, any Error>] = []
            var unclaimable: [(MaildirMessage, any Error)] = []
            var takenElsewhere = 0
            for (item, slot) in zip(items, all) {
                switch slot {
                case .claimed(let mine, let content):
                    claimed.append(mine)
                    contents.append(content)
                case .takenElsewhere:
                    takenElsewhere += 1
                case .unclaimable(let error):
                    unclaimable.append((item, error))
                }
            }
            return ClaimedBatch(
                prepared: PreparedBatch(items: claimed, contents: contents), takenElsewhere: takenElsewhere,
                unclaimable: unclaimable)
        }
    }

    /// A batch of listed messages after `BatchPreparation`: those this process claimed, read and parsed, and
    /// those it did not get.
    public struct ClaimedBatch: Sendable {
        public let prepared: PreparedBatch
        /// Claimed by another process first (or gone).
        public let takenElsewhere: Int
        /// Still in new/ under their own names: the claim's rename failed, with this error.
        public let unclaimable: [(MaildirMessage, any Error)]
    }

    /// Claims, reads and parses listed messages of new/ like `prepare(_:in:)` after claims, the work shared between
    /// helper tasks and the caller.
    public func startPreparing(_ items: [MaildirMessage], in mailbox: Maildir, claiming: Bool = true)
        -> BatchPreparation
    {
        BatchPreparation(items, in: mailbox, claiming: claiming, pipeline: self)
    }
}

/// Work done wholly by one task off the writer's (`leadmail ingest`'s mixed batches of maildirs and files).
final class BackgroundWork<Output: Sendable>: BatchWork, @unchecked Sendable {
    private let operation: @Sendable () -> Output
    private var task: Task<Output, Never>?

    init(_ operation: @escaping @Sendable () -> Output) {
        self.operation = operation
    }

    /// Called once, on the writer's task, before `finish()`.
    func begin() {
        task = Task.detached(operation: operation)
    }

    func finish() async -> Output {
        guard let task else { return operation() }
        return await task.value
    }
}
