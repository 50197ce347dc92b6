import Foundation
import Leads
import LeadStore
import Logging
import Maildir
import SMTP
import Templates

/// The running service: watches the mailbox, records what arrives, and keeps the outbox moving.
///
/// `leadmail run` is `run()`, `leadmail run --once` is `runOnce()`, `leadmail ingest` is `ingest(paths:)`.
public struct LeadMailService: Sendable {
    public let configuration: LeadMailConfiguration
    public let pipeline: IntakePipeline
    public let outbox: OutboxWorker
    let mailbox: Maildir
    let quarantine: Maildir
    let store: SQLiteLeadStore
    let logger: Logger

    /// Opens the store, loads the templates and sets up the transport.
    /// - Throws: `StoreError`, `TemplateLibraryError` (with every file:line problem) or `TransportError`.
    public init(
        configuration: LeadMailConfiguration, transport: (any MailTransport)? = nil,
        retry: OutboxWorker.RetryPolicy? = nil, logger: Logger = Logger(label: "leadmail"),
        clock: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.configuration = configuration
        self.logger = logger
        store = try SQLiteLeadStore(
            path: configuration.store, busyTimeout: configuration.delivery.storeBusyTimeout)
        let templates = try TemplateCatalog(directory: configuration.templates)
        pipeline = IntakePipeline(
            configuration: configuration, store: store, templates: templates, logger: logger, clock: clock)
        let deadline = Duration.milliseconds(Int(configuration.delivery.outboxDeadlineHours * 3_600_000))
        outbox = OutboxWorker(
            store: store, transport: try transport ?? configuration.makeTransport(),
            retry: retry ?? OutboxWorker.RetryPolicy(deadline: deadline), limits: configuration.delivery.limits,
            logger: logger, clock: clock)
        mailbox = Maildir(path: configuration.mailbox)
        quarantine = Maildir(path: configuration.quarantine)
    }

    /// Handles every message now in new/, oldest first. Stops between messages when the task is cancelled.
    /// - Parameters:
    ///   - limit: handle at most this many (the oldest), so that replies go out between batches of a long
    ///     backlog; nil for all.
    ///   - syncingCur: fsync cur/ once at the end (not per commit: a backlog of 10,000 messages made 200 of
    ///     them); `false` when the caller does it later, as `run` does after sending the replies.
    ///   - leadRules: `.afterTheBacklog` when the caller runs `sweepLeads()` (or the catch-up) afterwards.
    public func processBacklog(
        limit: Int? = nil, syncingCur: Bool = true, leadRules: LeadRulesTiming = .inTheBatchCommit,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> IntakeSummary {
        try mailbox.create()
        let listed = try mailbox.newMessages()
        let waiting = limit.map { Array(listed.prefix($0)) } ?? listed
        var summary = IntakeSummary()
        let chunks = stride(from: 0, to: waiting.count, by: Self.transactionSize).map {
            waiting[$0..<min($0 + Self.transactionSize, waiting.count)]
        }
        let (pipeline, mailbox) = (pipeline, mailbox)
        var done = 0
        await Self.twoInFlight(chunks) { chunk in
            // Another `leadmail run` on the same maildir may have taken some: the claim decides, atomically.
            var claimed: [MaildirMessage] = []
            for item in chunk {
                do {
                    if let mine = try mailbox.claim(item) { claimed.append(mine) }
                } catch {
                    summary.deferred += 1
                    logger.error("\(item.name) stays in new/ and will be tried again: \(error)")
                }
            }
            done += chunk.count - claimed.count
            return pipeline.startPreparing(claimed, in: mailbox)
        } commit: { batch in
            await commit(batch, leadRules: leadRules, into: &summary)
            done += batch.items.count
            progress?(done, waiting.count)
        }
        if syncingCur && !waiting.isEmpty { mailbox.syncCurDirectory() }
        return summary
    }

    /// Two batches in flight: while one is committed (the store's single writer), the next is read and parsed on
    /// the other cores, and the writer joins that work when its commit is done. Each batch is still committed
    /// before any of its messages leaves new/, and the batch in hand is finished even when the task is cancelled
    /// (its messages are claimed).
    ///
    /// - Parameters:
    ///   - start: runs on the caller's task, in order (claims messages); returns the work to do.
    ///   - commit: runs on the caller's task, in order.
    static func twoInFlight<Chunk, Work: BatchWork>(
        _ chunks: [Chunk], start: (Chunk) -> Work, commit: (Work.Output) async -> Void
    ) async {
        var inFlight: Work?
        for chunk in chunks {
            if Task.isCancelled { break }
            // The next batch starts once this one is parsed, so at most two stages share the cores at a time.
            let ready = await inFlight?.finish()
            let next = start(chunk)
            next.begin()
            if let ready { await commit(ready) }
            inFlight = next
        }
        if let inFlight { await commit(await inFlight.finish()) }
    }

    /// Commits a prepared batch and counts it; what could not be recorded goes back to new/ for the next pass.
    private func commit(
        _ batch: IntakePipeline.PreparedBatch, leadRules: LeadRulesTiming, into summary: inout IntakeSummary
    ) async {
        let results = await pipeline.commit(
            batch, in: mailbox, quarantine: quarantine, syncingCur: false, leadRules: leadRules)
        for (item, result) in zip(batch.items, results) {
            switch result {
            case .success(let disposition):
                summary.add(disposition)
            case .failure(let error):
                summary.deferred += 1
                logger.error("\(item.name) stays in new/ and will be tried again: \(error)")
                try? mailbox.release(item)
            }
        }
    }

    /// Takes back what a killed predecessor (or neighbour) held: its claimed messages return to new/, its
    /// outbox rows are queued again or, if the relay may have them, marked uncertain. Run at start-up.
    public func recoverAbandonedWork(startingUp: Bool) throws {
        try mailbox.create()
        let me = getpid()
        let returned = try mailbox.reclaimAbandoned { processID in
            startingUp ? (processID != me && Maildir.processIsAlive(processID)) : Maildir.processIsAlive(processID)
        }
        if !returned.isEmpty {
            logger.notice("\(returned.count) message(s) a stopped process had in hand are back in new/")
        }
        try outbox.recoverAbandoned()
    }

    /// The backlog, then one pass over the outbox; for cron jobs and the demo.
    public func runOnce() async throws -> (intake: IntakeSummary, delivery: OutboxWorker.Report) {
        try recoverAbandonedWork(startingUp: true)
        // The lead rules run once for the whole backlog, in the sweep.
        let intake = try await processBacklog(leadRules: .afterTheBacklog)
        sweepLeads()
        let delivery = try await outbox.drain()
        return (intake, delivery)
    }

    /// Watches the mailbox until the task is cancelled (SIGINT/SIGTERM): each wake handles the new messages,
    /// takes template edits that pass the check, and sends what is due.
    /// How many messages `run()` records before it sends what is due.
    static let batchSize = 100
    /// How many messages share one store commit (and one pass of the lead rules).
    static let transactionSize = 50

    public func run() async throws {
        try mailbox.create()
        logger.info("watching \(configuration.mailbox)")
        try recoverAbandonedWork(startingUp: true)
        // Checkpoints wait until a round's replies are out (see SQLiteLeadStore+Checkpoint).
        try store.leaveCheckpointsToCaller()
        var templates = templateReloader()
        let watcher = MaildirWatcher(maildir: mailbox, pollInterval: configuration.pollInterval)
        for try await _ in watcher {
            if Task.isCancelled { break }
            await templates.reloadIfChanged()
            try recoverAbandonedWork(startingUp: false)
            // A long backlog is taken in batches with the outbox sent in between, so replies keep going out.
            var batch: IntakeSummary
            repeat {
                // The replies go out before cur/ is fsynced: that fsync is one less wait between a message and its
                // reply, and losing the moves to cur/ in a power cut only brings the messages back as duplicates.
                batch = try await processBacklog(limit: Self.batchSize, syncingCur: false)
                sweepLeads()
                do {
                    _ = try await outbox.drain()
                } catch {
                    logger.error("outbox: \(error)")
                }
                if batch.total > 0 { mailbox.syncCurDirectory() }
                do {
                    try store.checkpointIfLogIsLong()
                } catch {
                    logger.warning("store: checkpoint failed, tried again after the next round: \(error)")
                }
            } while batch.total >= Self.batchSize && !Task.isCancelled
        }
        logger.info("stopped")
    }

    /// Takes .eml files and whole maildirs (their new/ and cur/), for backfill and for files staff saved.
    /// Messages in a maildir's new/ move to cur/ once recorded; other files are left where they are.
    public func ingest(paths: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) async throws
        -> IntakeSummary
    {
        var work: [(path: String, maildir: Maildir?, item: MaildirMessage?)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IntakeError.notFound(path)
            }
            if isDirectory.boolValue {
                let maildir = Maildir(path: path)
                guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("new")) else {
                    throw IntakeError.notAMaildir(path)
                }
                // A copied or freshly cloned maildir may lack its empty cur/ and tmp/; recorded messages move there.
                try maildir.create()
                work += try maildir.newMessages().map { ($0.path, maildir, $0) }
                work += try maildir.curMessages().map { ($0.path, nil, nil) }
            } else {
                work.append((path, nil, nil))
            }
        }
        var summary = IntakeSummary()
        var done = 0
        let chunks = stride(from: 0, to: work.count, by: Self.transactionSize).map {
            Array(work[$0..<min($0 + Self.transactionSize, work.count)])
        }
        let pipeline = pipeline
        await Self.twoInFlight(chunks) { chunk in
            BackgroundWork { IngestBatch(chunk, pipeline: pipeline) }
        } commit: { batch in
            // Messages in a maildir's new/ are filed to cur/ afterwards; loose files and cur/ are only read.
            for (maildir, prepared) in batch.fromNew {
                let results = await pipeline.commit(
                    prepared, in: maildir, quarantine: quarantine, leadRules: .afterTheBacklog)
                for (item, result) in zip(prepared.items, results) { tally(result, of: item.path, into: &summary) }
            }
            for (path, error) in batch.unreadable { tally(.failure(error), of: path, into: &summary) }
            let results = await pipeline.commit(batch.files, quarantine: quarantine, leadRules: .afterTheBacklog)
            for (origin, result) in zip(batch.files.files.map(\.origin), results) {
                tally(result, of: origin, into: &summary)
            }
            done += batch.count
            progress?(done, work.count)
        }
        pipeline.catchUpLeads()  // once after the whole backlog (`LeadRulesTiming.afterTheBacklog`)
        return summary
    }

    /// One chunk of `ingest`'s work, read and parsed: messages of maildirs' new/ per maildir, and files.
    private struct IngestBatch: Sendable {
        var fromNew: [(Maildir, IntakePipeline.PreparedBatch)] = []
        var files: IntakePipeline.PreparedFiles
        var unreadable: [(String, any Error)] = []
        let count: Int

        init(_ chunk: [(path: String, maildir: Maildir?, item: MaildirMessage?)], pipeline: IntakePipeline) {
            count = chunk.count
            let filed = chunk.compactMap { entry in entry.maildir.flatMap { maildir in entry.item.map { (maildir, $0) } } }
            for maildir in Set(filed.map(\.0.path)).sorted() {
                let items = filed.filter { $0.0.path == maildir }.map(\.1)
                let box = Maildir(path: maildir)
                fromNew.append((box, pipeline.prepare(items, in: box)))
            }
            var loose: [(bytes: [UInt8], origin: String)] = []
            for entry in chunk where entry.item == nil {
                guard let bytes = try? Maildir.readMessageFile(atPath: entry.path) else {
                    unreadable.append((entry.path, IntakeError.unreadable(entry.path)))
                    continue
                }
                loose.append((bytes, entry.path))
            }
            files = pipeline.prepare(files: loose)
        }
    }

    private func tally(_ result: Result<MessageDisposition, any Error>, of path: String, into summary: inout IntakeSummary) {
        switch result {
        case .success(let disposition):
            summary.add(disposition)
        case .failure(let error):
            summary.deferred += 1
            logger.error("\(path) was not handled: \(error)")
        }
    }
}

/// Problems with what `leadmail ingest` was asked to read.
public enum IntakeError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case notAMaildir(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path) does not exist; give .eml files or maildir folders"
        case .notAMaildir(let path): "\(path) is a folder but not a maildir (it has no new/); give its .eml files instead"
        case .unreadable(let path): "\(path) cannot be read; check its permissions"
        }
    }
}
