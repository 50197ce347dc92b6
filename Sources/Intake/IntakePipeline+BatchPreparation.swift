import Foundation
import Maildir

/// Work on a batch that runs off the writer's task and that the writer joins once its own commit is done, so
/// that neither core waits while the other has work (`LeadMailService.twoInFlight`).
protocol BatchWork: Sendable {
    associatedtype Output: Sendable
    /// Starts the work on other threads.
    func begin()
    /// Takes part in what is left, waits for the rest, and returns the result.
    func finish() async -> Output
}

extension IntakePipeline {
    /// Claimed messages of new/ being read and parsed, one at a time, by whoever has a core free: helper tasks
    /// start at once, and the writer joins in when its commit of the previous batch is done. Parsing is the
    /// larger stage, so the writer's spare time goes into it instead of the two stages waiting for each other.
    public final class BatchPreparation: BatchWork, @unchecked Sendable {
        let pipeline: IntakePipeline
        let mailbox: Maildir
        let items: [MaildirMessage]
        private let condition = NSCondition()
        private var nextIndex = 0
        private var finished = 0
        private var slots: [Result<PreparedMessage, any Error>?]

        init(_ items: [MaildirMessage], in mailbox: Maildir, pipeline: IntakePipeline) {
            self.items = items
            self.mailbox = mailbox
            self.pipeline = pipeline
            slots = Array(repeating: nil, count: items.count)
        }

        /// One helper per core but the writer's.
        func begin() {
            for _ in 0..<min(max(IntakePipeline.cores - 1, 1), items.count) {
                Task.detached { self.help() }
            }
        }

        /// Reads and parses messages until none is left to start.
        func help() {
            while let index = take() {
                let item = items[index]
                let result = Result { try mailbox.read(item) }.map { pipeline.prepare($0, origin: item.name) }
                condition.lock()
                slots[index] = result
                finished += 1
                if finished == items.count { condition.broadcast() }
                condition.unlock()
            }
        }

        private func take() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard nextIndex < items.count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        /// Helps, then waits (at most the time of the messages helpers are still on) and returns the batch.
        func finish() async -> PreparedBatch {
            help()
            return waitForHelpers()
        }

        /// Blocks only for the messages helpers are in the middle of: no message is left to start.
        private func waitForHelpers() -> PreparedBatch {
            condition.lock()
            while finished < items.count { condition.wait() }
            let contents = slots.map { $0! }
            condition.unlock()
            return PreparedBatch(items: items, contents: contents)
        }
    }

    /// Reads and parses claimed messages like `prepare(_:in:)`, shared between helper tasks and the caller.
    public func startPreparing(_ items: [MaildirMessage], in mailbox: Maildir) -> BatchPreparation {
        BatchPreparation(items, in: mailbox, pipeline: self)
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
