import Foundation
import LeadStore
import Leads
import Logging
import Maildir
import SMTP
import ServiceLifecycle
import Templates

/// The running service: watches the mailbox, records what arrives, and keeps the outbox moving.
///
/// `leadmail run` is `run()`, `leadmail run --once` is `runOnce()`, `leadmail ingest` is `ingest(paths:)`.
public struct LeadMailService: Sendable {
    public let configuration: LeadMailConfiguration
    public let pipeline: IntakePipeline
    public let outbox: OutboxWorker
    let mailbox: Maildir
    /// Whether a pass over new/ is this process's alone (no claims) or shared with another `leadmail`.
    let intakeLock: MaildirIntakeLock
    let quarantine: Maildir
    let store: any StoreFactory.Store
    /// The store when it is a SQLite file: its write-ahead log is checkpointed when the service chooses.
    let sqlite: SQLiteLeadStore?
    let logger: Logger
    /// Why messages stay in new/, said once per condition rather than once per message and wake.
    let deferrals = ConditionLog()
    /// Why the write-ahead log could not be checkpointed, said once until a checkpoint succeeds.
    let checkpointTrouble = ConditionLog()
    /// The templates folder as it was when the catalog was loaded (`templateReloader()`'s starting point).
    let templatesLoaded: TemplateFolderSnapshot

    /// Opens the store, loads the templates and sets up the transport.
    /// - Parameter servingWorkspace: True when the web workspace will read the same store in this process
    ///   (`leadmail run` with `web`): its readers then map the store (`SQLiteLeadStore.ReaderMemory`).
    /// - Throws: `StoreError`, `TemplateLibraryError` (with every file:line problem) or `TransportError`.
    public init(
        configuration: LeadMailConfiguration, transport: (any MailTransport)? = nil,
        retry: OutboxWorker.RetryPolicy? = nil, logger: Logger = Logger(label: "leadmail"),
        clock: @escaping @Sendable () -> Date = Date.init, servingWorkspace: Bool = false
    ) throws {
        self.configuration = configuration
        self.logger = logger
        store = try StoreFactory.open(
            configuration.store, busyTimeout: configuration.delivery.storeBusyTimeout,
            readers: servingWorkspace ? .mapped : .compact)
        sqlite = store as? SQLiteLeadStore
        templatesLoaded = TemplateFolderSnapshot(directory: configuration.templates)
        let templates = try TemplateCatalog(directory: configuration.templates)
        pipeline = IntakePipeline(
            configuration: configuration, store: store, templates: templates, logger: logger, clock: clock)
        let deadline = Duration.milliseconds(Int(configuration.delivery.outboxDeadlineHours * 3_600_000))
        outbox = OutboxWorker(
            store: store, transport: try transport ?? configuration.makeTransport(),
            retry: retry ?? OutboxWorker.RetryPolicy(deadline: deadline), limits: configuration.delivery.limits,
            logger: logger, clock: clock)
        mailbox = Maildir(path: configuration.mailbox)
        intakeLock = MaildirIntakeLock(mailbox)
        quarantine = Maildir(path: configuration.quarantine)
    }

    /// Handles every message now in new/, oldest first. Stops between messages when the task is cancelled.
    /// - Parameters:
    ///   - leadRules: `.afterTheBacklog` when the caller runs `sweepLeads()` (or the catch-up) afterwards.
    ///   - syncEvery: how many recorded messages may wait in new/ for a durable point.
    public func processBacklog(
        leadRules: LeadRulesTiming = .inTheBatchCommit, syncEvery: Int = 1_000,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> IntakeSummary {
        try mailbox.create()
        // One pass for the whole backlog: alone, no message is claimed; another process that starts meanwhile
        // waits for its end (every message filed), then the two share.
        let pass = try await intakeLock.beginPass()
        defer { intakeLock.endPass() }
        var filing: [Task<IntakeSummary, Never>] = []
        var round = try await recordBacklog(pass: pass, leadRules: leadRules, progress: progress) { inProgress in
            // A durable point now and then, not one per commit: 10 fsyncs for 10,000 messages instead of 200,
            // and what waits in new/ for it stays under a thousand messages. The writer syncs; the thousand
            // renames run beside it, on a core the parsing leaves free, not on the writer's time.
            guard inProgress.unfiledCount >= syncEvery else { return }
            let synced = syncCommits(of: &inProgress)
            checkpointIfLogIsLong()
            filing.append(
                Task.detached {
                    let filed = file(synced)
                    // The thousand messages' results are freed now; this thread's malloc arena would keep the pages,
                    // so they go back to the system.
                    FreedMemory.giveBack()
                    return filed
                })
        }
        var summary = round.summary
        summary.add(file(syncCommits(of: &round)))
        for task in filing { summary.add(await task.value) }
        // Once for the whole backlog: losing moves to cur/ in a power cut only brings back recognised duplicates.
        if summary.total > 0 { mailbox.syncCurDirectory() }
        return summary
    }

    /// Messages recorded by commits that need not be on disk yet (`CommitDurability.untilSynced`): they wait,
    /// in new/ (claimed, or under their own names in a pass alone) until their commits are synced
    /// (`syncCommits(of:)`); and the tally so far.
    struct IntakeRound {
        var summary = IntakeSummary()
        var unfiled: [IntakePipeline.RecordedBatch] = []

        var unfiledCount: Int { unfiled.reduce(0) { $0 + $1.count } }
    }

    /// Records the messages now in new/ (at most `limit`, the oldest), each batch in a commit that does not wait
    /// for the disk, and leaves them in new/ for `fileRecorded`. `recorded` runs after each batch's commit.
    /// In a pass `.alone` the messages are not claimed; the caller ends the pass once they are filed. The caller
    /// has created the mailbox (the pass's lock file is in it).
    /// - Parameter writes: files of new/ still being written in place (the watcher's), left for a later round.
    func recordBacklog(
        limit: Int? = nil, pass: MaildirIntakeLock.Pass, leadRules: LeadRulesTiming,
        skipping writes: WritesInProgress? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        recorded: (inout IntakeRound) -> Void = { _ in }
    ) async throws -> IntakeRound {
        var listed = try mailbox.newMessages()
        if let writes { listed.removeAll { writes.contains($0.name) } }
        let waiting = limit.map { Array(listed.prefix($0)) } ?? listed
        var round = IntakeRound()
        let chunks = stride(from: 0, to: waiting.count, by: Self.transactionSize).map {
            waiting[$0..<min($0 + Self.transactionSize, waiting.count)]
        }
        let (pipeline, mailbox) = (pipeline, mailbox)
        var done = 0
        await Self.inFlight(chunks) { chunk in
            pipeline.startPreparing(Array(chunk), in: mailbox, claiming: pass == .sharing)
        } commit: { batch in
            for (item, error) in batch.unclaimable {
                round.summary.deferred += 1
                noteDeferred(item, error)
            }
            round.unfiled.append(
                await pipeline.record(batch.prepared, durability: .untilSynced, leadRules: leadRules))
            recorded(&round)
            done += batch.prepared.items.count + batch.takenElsewhere + batch.unclaimable.count
            progress?(done, waiting.count)
        }
        return round
    }

    /// A checkpoint when the write-ahead log has grown long since the last one (see `SQLiteLeadStore+Checkpoint`);
    /// a failure is logged and tried again at the next durable point or round.
    func checkpointIfLogIsLong() {
        do {
            if try sqlite?.checkpointIfLogIsLong() == true { checkpointTrouble.clear(to: logger) }
        } catch {
            checkpointTrouble.report(
                "\(error)", line: "store: checkpoint failed, tried again later: \(error)", to: logger)
        }
    }

    /// Makes the round's commits durable, then files its messages out of new/ and counts them; what could not be
    /// recorded or filed goes back to new/ for the next pass. cur/ is left for the caller to fsync.
    func fileRecorded(_ round: inout IntakeRound) {
        round.summary.add(file(syncCommits(of: &round)))
    }

    /// Makes the round's commits durable and takes its batches out of it, ready to be filed. When the disk reports
    /// an error the messages go back to new/ instead (counted as deferred): recorded, but perhaps not on disk,
    /// their next reading finds them recorded (a duplicate) or records them again.
    func syncCommits(of round: inout IntakeRound) -> [IntakePipeline.RecordedBatch] {
        guard !round.unfiled.isEmpty else { return [] }
        defer { round.unfiled = [] }
        do {
            // Waits for the disk only when no durable commit (a reply's handover) has covered the batches yet.
            try store.syncCommits(through: round.unfiled.map(\.commit).max() ?? 0)
            return round.unfiled
        } catch {
            logger.error("\(round.unfiledCount) message(s) stay in new/ and will be looked at again: \(error)")
            for item in round.unfiled.flatMap(\.items) {
                round.summary.deferred += 1
                try? mailbox.release(item)
            }
            return []
        }
    }

    /// Files batches whose commits are on disk (`syncCommits(of:)`) out of new/, and counts them.
    func file(_ synced: [IntakePipeline.RecordedBatch]) -> IntakeSummary {
        var summary = IntakeSummary()
        for recorded in synced {
            let results = pipeline.file(recorded, in: mailbox, quarantine: quarantine, syncingCur: false)
            for (item, result) in zip(recorded.items, results) {
                switch result {
                case .success(let disposition):
                    summary.add(disposition)
                case .failure(let error as MaildirError) where error.errorNumber == ENOENT:
                    // Gone before it was read: a mail client moved it to cur/, where it is taken (`takeFromCur`).
                    logger.info("\(item.name) left new/ before it was read (a mail client moved it); taken from cur/")
                case .failure(let error):
                    summary.deferred += 1
                    noteDeferred(item, error)
                    try? mailbox.release(item)
                }
            }
        }
        return summary
    }

    /// Logs that a message stays in new/, once per kind of error (the error's text without the message's name
    /// and path) until a round goes through without one (`deferrals.clear`).
    func noteDeferred(_ item: MaildirMessage, _ error: any Error) {
        let text = "\(error)"
        let condition = text.replacingOccurrences(of: item.path, with: "…")
            .replacingOccurrences(of: item.name, with: "…")
        deferrals.report(
            condition, line: "\(item.name) stays in new/ and will be tried again: \(text)", to: logger)
    }

    /// Batches in flight: while one is committed (the store's single writer), the next `ahead` are read and
    /// parsed on the other cores, in order, and the writer joins that work when its commit is done. With one
    /// batch ahead, the helpers sat idle whenever they finished it before the writer's commit did (a quarter of
    /// their time once parsing got faster than recording); two keep them busy. Each batch is still committed
    /// before any of its messages leaves new/, and every batch started is finished and committed even when the
    /// task is cancelled (its messages are claimed).
    ///
    /// - Parameters:
    ///   - start: runs on the caller's task, in order; returns the work to do.
    ///   - commit: runs on the caller's task, in order.
    static func inFlight<Chunk, Work: BatchWork>(
        _ chunks: [Chunk], ahead: Int = 2, start: (Chunk) -> Work, commit: (Work.Output) async -> Void
    ) async {
        var remaining = chunks.makeIterator()
        var started: [Work] = []
        func startNext() {
            guard !Task.isCancelled, let chunk = remaining.next() else { return }
            let work = start(chunk)
            work.begin()
            started.append(work)
        }
        for _ in 0..<max(ahead, 1) { startNext() }
        while !started.isEmpty {
            let ready = await started.removeFirst().finish()
            startNext()
            await commit(ready)
        }
    }

    /// Refuses a `mailbox` path that does not exist unless `createMailbox` allows making it: an empty maildir
    /// made at a mistyped path would be watched forever with nothing ever arriving. Its missing new/, cur/ and tmp/
    /// are made either way.
    func checkMailbox() throws {
        var isDirectory: ObjCBool = false
        if !configuration.createMailbox
            && !FileManager.default.fileExists(atPath: configuration.mailbox, isDirectory: &isDirectory)
        {
            throw IntakeError.mailboxMissing(configuration.mailbox)
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

    /// The backlog, then the outbox sent beside the lead rules and once more for their notices; for cron jobs and
    /// the demo.
    public func runOnce() async throws -> (intake: IntakeSummary, delivery: OutboxWorker.Report) {
        try checkMailbox()
        try recoverAbandonedWork(startingUp: true)
        // What a mail client moved to cur/ before it was recorded, first: it was delivered before what waits in new/.
        let fromCur = await takeFromCur(MaildirWatcher.Wake(curNames: [], rescanCur: true))
        // Checkpoints at the backlog's durable points instead of inside whichever commit takes the log past 1,000
        // pages (about fifty times for 10,000 messages, each an fsync of the log and of the database file).
        try sqlite?.leaveCheckpointsToCaller()
        // The lead rules run once for the whole backlog, in the sweep.
        var intake = try await processBacklog(leadRules: .afterTheBacklog)
        intake.add(fromCur)
        // The backlog's replies go out while the lead rules score and assign its leads: the drain is mostly file
        // writes and renames, the rules mostly CPU, and they share only the store's writer, in turns. A last pass
        // sends the staff notices the rules queued.
        async let replies = outbox.drain()
        sweepLeads()
        var delivery = try await replies
        if !delivery.stoppedEarly { delivery.add(try await outbox.drain()) }
        delivery.waiting = try outbox.waiting()
        checkpointIfLogIsLong()
        return (intake, delivery)
    }

    /// How many messages `run()` records before it sends what is due.
    static let batchSize = 100
    /// How many messages share one store commit (and one pass of the lead rules). Each commit writes every page it
    /// changed to the log, and the unique keys (Message-ID, fingerprint, contact address) put each message on a
    /// page of its own, so fewer, larger commits write less to the log; much larger batches would hold more
    /// prepared messages in memory for little gain.
    static let transactionSize = 200

    /// Watches the mailbox and sends replies until the task is cancelled: `serviceGroup()` without signals
    /// (`leadmail run` gives it SIGINT and SIGTERM for a graceful shutdown).
    public func run() async throws {
        try await serviceGroup().run()
    }

    /// The intake service's loop: each wake takes what a mail client moved into cur/, then the new messages,
    /// takes template edits that pass the check, and wakes the outbox service; it never waits for SMTP.
    func runIntake(wakingOutbox outbox: WakeSignal, rules: WakeSignal) async throws {
        try checkMailbox()
        try mailbox.create()
        logger.info("watching \(configuration.mailbox)")
        try recoverAbandonedWork(startingUp: true)
        // Checkpoints wait until a round's replies are out (see SQLiteLeadStore+Checkpoint).
        try sqlite?.leaveCheckpointsToCaller()
        var templates = templateReloader()
        let watcher = MaildirWatcher(maildir: mailbox, pollInterval: configuration.pollInterval)
        // cur/ is fsynced at most once a second, not after every round: losing a second's moves in a power cut only
        // brings those messages back to new/ as recognised duplicates, and each fsync of a directory waits for the
        // file system's journal, between one round and the next message.
        var curSyncedAt = ContinuousClock.now
        var curUnsynced = false
        defer { if curUnsynced { mailbox.syncCurDirectory() } }
        // While nothing can be recorded (a full disk), wakes wait longer and longer, up to a minute.
        var backOff = Duration.zero
        // While the store cannot be reached (PostgreSQL restarting), the same, apart: its own condition and wait.
        let outages = ConditionLog()
        var outageBackOff = Duration.zero
        for await wake in watcher.cancelOnGracefulShutdown() {
            if Task.isCancelled { break }
            if max(backOff, outageBackOff) > .zero {
                try? await Task.sleep(for: max(backOff, outageBackOff))
                if Task.isCancelled { break }
            }
            await templates.reloadIfChanged()
            do {
                try await intakeRound(
                    wake, watcher: watcher, outbox: outbox, backOff: &backOff, curSyncedAt: &curSyncedAt,
                    curUnsynced: &curUnsynced)
                if outageBackOff > .zero {
                    outages.clear(to: logger)
                    outageBackOff = .zero
                }
            } catch {
                outageBackOff = min(max(outageBackOff * 2, .milliseconds(250)), .seconds(60))
                guard let outage = StoreOutage(error, store: "\(configuration.store)", retryIn: outageBackOff)
                else { throw error }
                outages.report(outage.reason, line: "\(outage)", to: logger)
            }
            // Retries fall due with time: the outbox looks at least once a wake, and so do the lead rules.
            outbox.wake()
            rules.wake()
        }
        logger.info("stopped")
    }

    /// One wake of `runIntake`: what a stopped process left, what a mail client moved to cur/, then new/ in
    /// batches. - Throws: what stops the service, or a `StoreOutage`'s cause, which `runIntake` waits out.
    private func intakeRound(
        _ wake: MaildirWatcher.Wake, watcher: MaildirWatcher, outbox: WakeSignal, backOff: inout Duration,
        curSyncedAt: inout ContinuousClock.Instant, curUnsynced: inout Bool
    ) async throws {
        try recoverAbandonedWork(startingUp: false)
        // First what a mail client moved to cur/ before LeadMail saw it in new/ (delivered earlier).
        if await takeFromCur(wake).repliesQueued > 0 { outbox.wake() }
        // A long backlog is taken in batches, the outbox service sending meanwhile.
        var batch: IntakeSummary
        repeat {
            // The round's commits do not wait for the disk; `fileRecorded` makes sure they are on disk (one
            // fsync, or none when a reply's handover, a durable commit, came first) before a message leaves new/.
            // A pass per round, ended once the round's messages are filed: a process alone claims none.
            try mailbox.create()
            let pass = try await intakeLock.beginPass()
            var round: IntakeRound
            do {
                round = try await recordBacklog(
                    limit: Self.batchSize, pass: pass, leadRules: .inTheBatchCommit,
                    skipping: watcher.writesInProgress)
            } catch {
                intakeLock.endPass()
                throw error
            }
            if !round.unfiled.isEmpty { outbox.wake() }
            fileRecorded(&round)
            intakeLock.endPass()
            batch = round.summary
            curUnsynced = curUnsynced || batch.total > 0
            if curUnsynced && ContinuousClock.now - curSyncedAt >= .seconds(1) {
                mailbox.syncCurDirectory()
                (curSyncedAt, curUnsynced) = (ContinuousClock.now, false)
            }
            checkpointIfLogIsLong()
            if batch.deferred == 0 {
                deferrals.clear(to: logger)
                backOff = .zero
            } else if batch.deferred == batch.total {
                backOff = min(max(backOff * 2, .seconds(1)), .seconds(60))
            }
            // Messages that stayed in new/ wait for the next wake: going round again at once made a loop.
        } while batch.total - batch.deferred >= Self.batchSize && !Task.isCancelled
    }

    /// Takes .eml files and whole maildirs (their new/ and cur/), for backfill and for files staff saved.
    /// Messages in a maildir's new/ move to cur/ once recorded; other files are left where they are.
    /// - Parameter replies: false to write to nobody (`--no-replies`): a backfill of any age is recorded only.
    public func ingest(
        paths: [String], replies: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> IntakeSummary {
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
        let pipeline = {
            var pipeline = self.pipeline
            pipeline.sendsReplies = replies
            return pipeline
        }()
        await Self.inFlight(chunks) { chunk in
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
            let filed = chunk.compactMap { entry in
                entry.maildir.flatMap { maildir in entry.item.map { (maildir, $0) } }
            }
            for maildir in Set(filed.map(\.0.path)).sorted() {
                let items = filed.filter { $0.0.path == maildir }.map(\.1)
                let box = Maildir(path: maildir)
                fromNew.append((box, pipeline.prepare(items, in: box)))
            }
            var loose: [(bytes: [UInt8], origin: String)] = []
            for entry in chunk where entry.item == nil {
                do {
                    let limit = pipeline.parser.limits.maxMessageSize
                    loose.append((try Maildir.readMessageFile(atPath: entry.path, limit: limit), entry.path))
                } catch {
                    unreadable.append((entry.path, error))
                }
            }
            files = pipeline.prepare(files: loose)
        }
    }

    private func tally(
        _ result: Result<MessageDisposition, any Error>, of path: String, into summary: inout IntakeSummary
    ) {
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
    /// The configured `mailbox` does not exist (and `createMailbox` is not set): a configuration to fix.
    case mailboxMissing(String)

    public var description: String {
        switch self {
        case .mailboxMissing(let path):
            "mailbox: \(path) does not exist, so no mail would ever be found there. Point `mailbox` in leadmail.yml "
                + "at the maildir your MTA delivers into (Postfix: home_mailbox = Maildir/ puts it in the user's "
                + "home), or add `createMailbox: true` to have LeadMail create it"
        case .notFound(let path): "\(path) does not exist; give .eml files or maildir folders"
        case .notAMaildir(let path):
            "\(path) is a folder but not a maildir (it has no new/); give its .eml files instead"
        case .unreadable(let path): "\(path) cannot be read; check its permissions"
        }
    }
}
