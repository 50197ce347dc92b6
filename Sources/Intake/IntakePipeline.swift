import Foundation
import LeadDesk
import LeadStore
import Leads
import Logging
import MIME
import Maildir
import Synchronization
import Templates

/// What happened to one inbound message.
public enum MessageDisposition: Sendable, Hashable {
    /// Whether the message is in the store (recorded, or recognised as recorded before).
    public var isRecorded: Bool {
        if case .recorded = self { true } else { false }
    }

    /// Recorded (or recognised as already recorded); `queued` is the reply waiting in the outbox, if any.
    case recorded(IntakeOutcome, queued: OutboxItem?)
    /// Kept byte for byte in the quarantine maildir, with this reason.
    case quarantined(reason: String)
}

/// Takes one message from bytes to a recorded lead and a queued reply, in one store transaction.
///
/// The order is what makes a crash harmless: parse, decide, commit (inbound message + lead + reply together),
/// and only then move the file out of new/. A crash before the commit leaves the file in new/ to be done again;
/// a crash after it leaves a file whose second reading is recognised as a duplicate.
public struct IntakePipeline: Sendable {
    public let configuration: LeadMailConfiguration
    public let store: any LeadStore
    public let templates: TemplateCatalog
    let parser: MessageParser
    let extractor: EnquiryExtractor
    let policy: ReplyPolicy
    let composer: ReplyComposer
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Score, owner, follow-up and the owner's notice for the leads a message created or changed.
    public let workflow: LeadWorkflow
    /// The staff notices' templates: the library each batch renders replies with.
    let notifications: NotificationTemplates
    /// Whether new leads get their automatic reply (and colleagues their forward's confirmation); false for
    /// `leadmail ingest --no-replies`, a backfill recorded without writing to anyone.
    public var sendsReplies = true

    public init(
        configuration: LeadMailConfiguration, store: any LeadStore, templates: TemplateCatalog,
        logger: Logger = Logger(label: "leadmail.intake"), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.store = store
        self.templates = templates
        // Text and HTML read up to a bound, so that what a message costs does not grow with its length.
        self.parser = MessageParser(limits: .intake)
        self.policy = configuration.replyPolicy
        self.extractor = configuration.enquiryExtractor
        self.composer = ReplyComposer(
            sender: configuration.from, company: configuration.company,
            subjectToken: configuration.intake.subjectToken, tracker: configuration.tracker)
        self.logger = logger
        self.clock = clock
        let notifications = NotificationTemplates(directory: configuration.templates, logger: logger)
        self.notifications = notifications
        self.workflow = LeadWorkflow(
            configuration: configuration, store: store, notifications: notifications, logger: logger)
    }

    /// Handles a message sitting in a maildir's new/: records it, then marks it seen (or quarantines it).
    /// - Throws: `StoreError` or `MaildirError` when the message could not be handled and must stay in new/.
    public func handle(_ item: MaildirMessage, in mailbox: Maildir, quarantine: Maildir) async throws
        -> MessageDisposition
    {
        try await handle([item], in: mailbox, quarantine: quarantine)[0].get()
    }

    /// Handles messages sitting in a maildir's new/ with one store commit for all of them, then files each one
    /// (cur/ or the quarantine). A backlog goes many times faster this way: a commit waits for the disk, and the
    /// lead rules run once for the batch instead of once per message.
    ///
    /// Crash safety is the single message's: nothing leaves new/ before the commit that holds its effects.
    /// - Returns: one result per item, in order; a failure means that message stays in new/ to be tried again.
    public func handle(_ items: [MaildirMessage], in mailbox: Maildir, quarantine: Maildir) async
        -> [Result<MessageDisposition, any Error>]
    {
        await commit(prepare(items, in: mailbox), in: mailbox, quarantine: quarantine)
    }

    /// Messages of new/ read and parsed, not yet recorded: the first half of `handle`, which needs no store, so
    /// that `LeadMailService` can prepare the next batch while this one is being committed.
    public struct PreparedBatch: Sendable {
        let items: [MaildirMessage]
        let contents: [Result<PreparedMessage, any Error>]
    }

    /// Reads and parses claimed messages (on every core); touches neither the store nor the files.
    public func prepare(_ items: [MaildirMessage], in mailbox: Maildir) -> PreparedBatch {
        let contents = items.map { read($0, in: mailbox) }
        let readable = contents.indices.compactMap { index in
            (try? contents[index].get()).map { (index: index, bytes: $0) }
        }
        let prepared = prepareAll(readable.map { ($0.bytes, items[$0.index].name) })
        var results = contents.map { content in
            content.map { _ in PreparedMessage.unreadable(reason: "") }.flatMapError(Self.refused)
        }
        for (entry, message) in zip(readable, prepared) { results[entry.index] = .success(message) }
        return PreparedBatch(items: items, contents: results)
    }

    /// Reads and prepares one message of new/ (`BatchPreparation`'s helpers, one message at a time).
    func prepare(_ item: MaildirMessage, in mailbox: Maildir) -> Result<PreparedMessage, any Error> {
        read(item, in: mailbox).map { prepare($0, origin: item.name) }.flatMapError(Self.refused)
    }

    /// A message of new/ read with the parser's size limit (`Maildir.read(_:limit:)`: only regular files, at most
    /// one byte over the limit read).
    private func read(_ item: MaildirMessage, in mailbox: Maildir) -> Result<[UInt8], any Error> {
        Result { try mailbox.read(item, limit: parser.limits.maxMessageSize) }
    }

    /// An entry of new/ that will never be a message (a FIFO, a device, a directory, a symbolic link, a file over
    /// the size limit) is prepared as unreadable, so it goes to the quarantine once with its reason; any other
    /// error stays an error, and the message stays in new/ to be tried again.
    private static func refused(_ error: any Error) -> Result<PreparedMessage, any Error> {
        guard let error = error as? MaildirError, let refusal = error.refusal else { return .failure(error) }
        if case .tooLarge(let size, let limit) = refusal {
            return .success(.unreadable(reason: MessageParseError.tooLarge(size: size, limit: limit).description))
        }
        return .success(.unreadable(reason: error.description))
    }

    /// Records a prepared batch in one commit, then files each message (cur/ or the quarantine): the second half
    /// of `handle`.
    ///
    /// - Parameters:
    ///   - syncingCur: fsync cur/ after the moves; `false` when the caller does it once for several batches
    ///     (`mailbox.syncCurDirectory()`).
    ///   - leadRules: when the lead rules look at the leads the batch touched.
    public func commit(
        _ batch: PreparedBatch, in mailbox: Maildir, quarantine: Maildir, syncingCur: Bool = true,
        leadRules: LeadRulesTiming = .inTheBatchCommit
    ) async -> [Result<MessageDisposition, any Error>] {
        let recorded = await record(batch, durability: .onDisk, leadRules: leadRules)
        return file(recorded, in: mailbox, quarantine: quarantine, syncingCur: syncingCur)
    }

    /// A batch of new/ recorded in the store, its messages not yet filed out of new/.
    public struct RecordedBatch: Sendable {
        let items: [MaildirMessage]
        let results: [Result<MessageDisposition, any Error>]
        /// The store's commit that recorded the batch, or a later one (`LeadStore.latestCommit()`): the messages
        /// may leave new/ once `syncCommits(through:)` says it is on disk.
        let commit: UInt64

        public var count: Int { items.count }
    }

    /// Records a prepared batch in one commit and leaves its messages (claimed) in new/ for `file`.
    ///
    /// With `.untilSynced` the caller must have the store sync the batch's commit (`syncCommits(through:)`) before
    /// it files the batch: a message leaves new/ only once what it caused is on disk. In `run` the reply's
    /// handover, a durable commit that comes next anyway, does that sync, so a round waits for one fsync.
    public func record(
        _ batch: PreparedBatch, durability: CommitDurability, leadRules: LeadRulesTiming = .inTheBatchCommit
    ) async -> RecordedBatch {
        let readable = batch.contents.indices.compactMap { index in
            (try? batch.contents[index].get()).map { (index: index, message: $0) }
        }
        let recorded = await record(
            prepared: readable.map(\.message), origins: readable.map { batch.items[$0.index].name },
            durability: durability, leadRules: leadRules, taking: readable.map { batch.items[$0.index].uniqueName })
        var results = batch.contents.map { content in content.map { _ in MessageDisposition.quarantined(reason: "") } }
        for (entry, result) in zip(readable, recorded) { results[entry.index] = result }
        return RecordedBatch(items: batch.items, results: results, commit: store.latestCommit())
    }

    /// Moves each message of a recorded batch out of new/: to cur/, or to the quarantine with its reason. Call it
    /// only when the batch's commit is on disk.
    /// - Returns: one result per message; a failure means that message is still in new/ (claimed).
    public func file(_ recorded: RecordedBatch, in mailbox: Maildir, quarantine: Maildir, syncingCur: Bool = true)
        -> [Result<MessageDisposition, any Error>]
    {
        var results = recorded.results
        for (index, item) in recorded.items.enumerated() {
            guard case .success(let disposition) = results[index] else { continue }
            do throws(MaildirError) {
                switch disposition {
                case .recorded:
                    try mailbox.markSeen(
                        item, flaggingSeen: configuration.intake.markSeen, syncingDirectory: false)
                case .quarantined(let reason):
                    try quarantine.create()
                    try mailbox.quarantine(item, reason: reason, into: quarantine)
                    // Said once it is true: a quarantine that cannot be written leaves the message in new/.
                    logger.warning("quarantined \(item.name): \(reason)")
                }
            } catch  where error.errorNumber == ENOENT && disposition.isRecorded {
                // A mail client (Dovecot on an IMAP SELECT) moved it to cur/ after it was recorded: nothing is lost,
                // and the store's record keeps it from being taken again from there.
                logger.info("\(item.name) was recorded, then moved out of new/ by another reader (a mail client)")
            } catch {
                results[index] = .failure(error)
            }
        }
        // Losing a move to cur/ in a power cut would only make the message a recognised duplicate next time.
        if syncingCur { mailbox.syncCurDirectory() }
        return results
    }

    /// Saved .eml files read and parsed, not yet recorded: the first half of `handleFiles`.
    public struct PreparedFiles: Sendable {
        let files: [(bytes: [UInt8], origin: String)]
        let prepared: [PreparedMessage]
    }

    /// Parses files' bytes (on every core but one); touches neither the store nor the files.
    public func prepare(files: [(bytes: [UInt8], origin: String)]) -> PreparedFiles {
        PreparedFiles(files: files, prepared: prepareAll(files))
    }

    /// Handles raw bytes from anywhere (saved .eml files), in one store commit; a message that cannot be read is
    /// delivered to the quarantine maildir as a copy, with its reason.
    public func handleFiles(_ files: [(bytes: [UInt8], origin: String)], quarantine: Maildir) async
        -> [Result<MessageDisposition, any Error>]
    {
        await commit(prepare(files: files), quarantine: quarantine)
    }

    /// Records prepared files in one commit and copies the unreadable ones to the quarantine: the second half of
    /// `handleFiles`.
    /// - Parameter names: the maildir names of files read from the mailbox's cur/, noted as taken with them.
    public func commit(
        _ batch: PreparedFiles, quarantine: Maildir, leadRules: LeadRulesTiming = .inTheBatchCommit,
        taking names: [String]? = nil
    ) async -> [Result<MessageDisposition, any Error>] {
        let files = batch.files
        var results = await record(
            prepared: batch.prepared, origins: files.map(\.origin), durability: .onDisk, leadRules: leadRules,
            taking: names)
        for (index, file) in files.enumerated() {
            guard case .success(.quarantined(let reason)) = results[index] else { continue }
            do {
                try quarantine.create()
                let copy = try quarantine.deliver(file.bytes)
                let reasons = (quarantine.path as NSString).appendingPathComponent("reasons")
                // Like the messages themselves, the notes (with their senders) are for the owner only.
                try? FileManager.default.createDirectory(
                    atPath: reasons, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                let note = "reason: \(reason)\nfrom: \(file.origin)\ndate: \(clock())\n"
                _ = FileManager.default.createFile(
                    atPath: (reasons as NSString).appendingPathComponent(copy.name + ".txt"), contents: Data(note.utf8),
                    attributes: [.posixPermissions: 0o600])
                logger.warning("quarantined \(file.origin) as \(copy.name): \(reason)")
            } catch {
                results[index] = .failure(error)
            }
        }
        return results
    }

    /// Records prepared messages in one store transaction, and runs the lead rules once for the batch in the same
    /// commit unless the caller runs them after its whole backlog.
    /// - Parameter names: the maildir files' unique names, one per message, noted in the store as taken in the
    ///   same commit as each message they recorded (so that a file is taken once, from new/ or from cur/).
    func record(
        prepared: [PreparedMessage], origins: [String], durability: CommitDurability,
        leadRules: LeadRulesTiming = .inTheBatchCommit, taking names: [String]? = nil
    ) async -> [Result<MessageDisposition, any Error>] {
        let library = await templates.library
        notifications.use(library)
        var results: [Result<MessageDisposition, any Error>] = []
        do {
            try store.inOneTransaction(durability) {
                try store.holdPeople(of: prepared.flatMap(\.inbound))
                let arrivals = LeadWorkflow.ArrivalBatch()
                results = zip(prepared, origins).map { message, origin in
                    Result { try record(message, origin: origin, library: library, arrivals: arrivals) }
                }
                if let names {
                    try store.noteTaken(
                        zip(names, results).compactMap { name, result in
                            (try? result.get()) == nil ? nil : name
                        })
                }
                // In the batch's commit (one fsync, not two), as a write of its own: if the rules fail, only their
                // savepoint is undone, the messages are recorded all the same, and the store still lists the
                // leads as pending, so the next batch (or `leadmail run`) catches up.
                if leadRules == .inTheBatchCommit { catchUpIfLeadsChanged(results) }
            }
        } catch {
            // Nothing of the batch was committed. A batch can fail where single messages would not (a nearly full
            // disk has room for one message's pages, not a batch's): each is tried again in a commit of its own.
            if origins.count > 1 {
                logger.warning(
                    "a batch of \(origins.count) messages could not be committed (\(error)); recording them one by one")
            }
            results = zip(prepared, origins).enumerated().map { index, pair in
                Result {
                    try store.inOneTransaction(durability) {
                        let disposition = try record(
                            pair.0, origin: pair.1, library: library, arrivals: LeadWorkflow.ArrivalBatch())
                        if let names { try store.noteTaken([names[index]]) }
                        return disposition
                    }
                }
            }
            catchUpIfLeadsChanged(results)
        }
        return results
    }

    /// Scores, assigns and schedules the leads the batch touched; a failure is logged and left for the next pass.
    private func catchUpIfLeadsChanged(_ results: [Result<MessageDisposition, any Error>]) {
        let changedLeads = results.contains { result in
            if case .success(.recorded(let outcome, _)) = result, outcome.lead != nil { true } else { false }
        }
        if changedLeads { catchUpLeads() }
    }

    /// The lead rules for every lead with messages they have not seen; a failure is logged, and the leads stay
    /// pending for the next pass.
    func catchUpLeads() {
        do { try workflow.catchUp(now: clock()) } catch {
            logger.error("lead rules (score, owner, follow-up) failed and will run again: \(error)")
        }
    }

    /// Read once: `activeProcessorCount` reads the cgroup files on every call.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// The slots `prepareAll`'s workers fill, each index by exactly one worker.
    private final class PreparedResults: Sendable {
        private let slots: Mutex<[PreparedMessage?]>

        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

        func set(_ index: Int, _ value: PreparedMessage) { slots.withLock { $0[index] = value } }

        var all: [PreparedMessage] { slots.withLock { $0.map { $0! } } }
    }

    /// A message as far as it can be taken without the store: parsed, split into enquiries, judged. Done before
    /// the write transaction opens, so the transaction holds only the store's own work.
    enum PreparedMessage: Sendable {
        case readable(Message, records: [PreparedRecord], verdict: ReplyPolicy.Verdict)
        case unreadable(reason: String)

        /// What the store is given to record, one per enquiry (none when unreadable).
        var inbound: [InboundMessage] {
            guard case .readable(_, let records, _) = self else { return [] }
            return records.map(\.inbound)
        }
    }

    /// One enquiry of a message (or the message alone, when it holds none) as the store will get it: everything
    /// that needs only the message (match key, phone in E.164, fingerprint, thread, text) worked out by the helper
    /// that parsed it, not by the writer, which all the messages of a backlog wait for.
    struct PreparedRecord: Sendable {
        var enquiry: Enquiry?
        /// `referencedLeadID` holds only a `[#L123]` token of the subject; `recordOne` looks for the owner's lead.
        var inbound: InboundMessage
        /// Why nobody gets an automatic mail for it (too old, `--no-replies`), as its log says; nil to answer.
        var notAnswered: String?
        /// The enquiry's language, for the reply's template, when it may be answered: detected by the helper
        /// that parsed it, so that the writer only looks the template up if the enquiry becomes a new lead.
        var language: LanguageGuess?
    }

    /// `prepare` for a whole batch, spread over the machine's cores: parsing and reading the enquiry are most of
    /// intake's work, and need nothing but the bytes, so they need not wait for each other or for the store.
    func prepareAll(_ batch: [(bytes: [UInt8], origin: String)]) -> [PreparedMessage] {
        // One core is left to the writer, which commits the previous batch meanwhile and is the slower stage.
        let workers = min(max(Self.cores - 1, 1), batch.count)
        guard workers > 1 else { return batch.map { prepare($0.bytes, origin: $0.origin) } }
        let results = PreparedResults(count: batch.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: batch.count, by: workers) {
                results.set(index, prepare(batch[index].bytes, origin: batch[index].origin))
            }
        }
        return results.all
    }

    func prepare(_ bytes: [UInt8], origin: String) -> PreparedMessage {
        let message: Message
        do {
            message = try parser.parse(bytes)
        } catch {
            return .unreadable(reason: error.description)
        }
        // One enquiry per original writer: a colleague's forward of three customers' mails is three leads.
        let enquiries = extractor.enquiries(from: message)
        let notice = policy.notice(in: message, formSubmission: enquiries.first?.isFormSubmission ?? false)
        let verdict = policy.verdict(for: message, replyAddress: enquiries.first?.contact.email, notice: notice)
        let notAnswered = verdict.mayStartLead ? reasonNotToAnswer(message, origin: origin) : nil
        let records = (enquiries.isEmpty ? [nil] : enquiries.map(Optional.some)).enumerated().map { index, enquiry in
            var record = preparedRecord(for: enquiry, index: index, of: message, verdict: verdict)
            record.notAnswered = notAnswered
            if let enquiry, notAnswered == nil, verdict.isAnswerable, enquiry.forwardedBy == nil {
                record.language = composer.language(
                    subject: enquiry.subject, text: enquiry.text, thread: ReplyThread(message))
            }
            record.inbound.detail = notAnswered
            if let notice, !verdict.mayStartLead { record.inbound.joinOnly(as: notice) }
            return record
        }
        return .readable(Self.lightened(message), records: records, verdict: verdict)
    }

    /// Why a message that could be answered gets no automatic mail: `--no-replies`, or its age.
    private func reasonNotToAnswer(_ message: Message, origin: String) -> String? {
        guard sendsReplies else { return "not answered: recorded by `leadmail ingest --no-replies`" }
        guard let maxAge = configuration.intake.replyMaxAge else { return nil }
        return ReplyAgeRule(maxAge: maxAge).reasonNotToAnswer(message, origin: origin, now: clock())
    }

    /// What the store gets for one enquiry of a message (or for the message alone).
    private func preparedRecord(
        for enquiry: Enquiry?, index: Int, of message: Message, verdict: ReplyPolicy.Verdict
    ) -> PreparedRecord {
        let settings = configuration.intake
        var enquiry = enquiry
        if var found = enquiry {
            found.contact.matchKey = settings.contactMatching.key(for: found.contact.email)
            found.contact.phoneE164 = found.contact.phone.flatMap {
                PhoneNumber.e164($0, defaultCountry: settings.defaultCountry)
            }
            enquiry = found
        }
        let forwarded = enquiry?.forwardedBy != nil
        // The second and later forwards of one message are told apart by their own content, so two colleagues
        // forwarding the same customer mail still make one lead.
        let messageID = index == 0 && !forwarded ? message.messageID : nil
        let fingerprint =
            forwarded
            ? Fingerprint.of([
                "forward", enquiry?.contact.email.lowercased() ?? "", enquiry?.subject ?? "",
                enquiry?.text ?? "",
            ])
            : Fingerprint.of([
                message.from.first?.address.lowercased() ?? "", message.headers["Date"] ?? "",
                message.subject ?? "", message.text ?? "",
            ])
        var inbound = InboundMessage(
            messageID: messageID ?? (index == 0 ? message.messageID.map { "\($0)#forward" } : nil),
            fingerprint: fingerprint,
            threadIDs: forwarded
                ? [] : message.references + message.inReplyTo.filter { !message.references.contains($0) },
            date: message.date ?? clock(),
            from: message.from.first?.description ?? "",
            to: (message.to + message.cc).map(\.description).joined(separator: ", "),
            subject: message.subject,
            text: enquiry?.text ?? EnquiryText.ownWords(in: message.text ?? ""),
            enquiry: verdict.mayStartLead ? enquiry : nil,
            automatedReason: verdict.mayStartLead
                ? (enquiry == nil ? extractor.whyNoEnquiry(in: message) : nil)
                : (enquiry == nil ? extractor.unaddressedForwardProblem(in: message) : nil) ?? verdict.description,
            referencedLeadID: forwarded ? nil : message.subject.flatMap { LeadReference().leadID(in: $0) },
            direction: { if case .ours = verdict { .outbound } else { .inbound } }())
        inbound.attachments = message.attachments.map {
            Communication.Attachment(
                name: $0.filename, size: $0.sizeWithoutDecoding, contentType: $0.contentType.mimeType)
        }
        return PreparedRecord(enquiry: enquiry, inbound: inbound, notAnswered: nil)
    }

    /// The message without its MIME tree, attachments and HTML: recording needs only the headers and the text,
    /// and a batch waiting for its commit should not hold every attachment it carried.
    static func lightened(_ message: Message) -> Message {
        var light = message
        light.root.body = []
        light.root.parts = []
        light.attachments = []
        light.html = nil
        return light
    }

    /// Records a prepared message (each enquiry in a write of its own); the caller owns the transaction.
    /// - Parameter arrivals: the batch's assignment state, shared by the new leads that are answered at once.
    private func record(
        _ prepared: PreparedMessage, origin: String, library: TemplateLibrary, arrivals: LeadWorkflow.ArrivalBatch
    ) throws -> MessageDisposition {
        guard case .readable(let message, let records, let verdict) = prepared else {
            if case .unreadable(let reason) = prepared { return .quarantined(reason: reason) }
            preconditionFailure("a prepared message is readable or not")
        }
        var first: (outcome: IntakeOutcome, queued: OutboxItem?)?
        for record in records {
            let result = try recordOne(
                record, of: message, verdict: verdict, library: library, origin: origin, arrivals: arrivals)
            if first == nil { first = result }
        }
        return .recorded(first!.outcome, queued: first!.queued)
    }

    /// Records one enquiry of a message (or the message alone, when it holds none) in one transaction, with the
    /// reply or the colleague's confirmation it calls for.
    private func recordOne(
        _ record: PreparedRecord, of message: Message, verdict: ReplyPolicy.Verdict, library: TemplateLibrary,
        origin: String, arrivals: LeadWorkflow.ArrivalBatch
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        let settings = configuration.intake
        let enquiry = record.enquiry
        var inbound = record.inbound
        if enquiry?.forwardedBy == nil && inbound.referencedLeadID == nil {
            inbound.referencedLeadID = try ownersLead(for: message, verdict: verdict)
        }
        let now = clock()
        let result = try store.recordInbound(inbound, at: now) { outcome in
            guard let enquiry, let lead = outcome.lead else { return nil }
            if let reason = record.notAnswered {
                logger.info("\(lead.number): \(reason)")
                return nil
            }
            if let colleague = enquiry.forwardedBy ?? colleagueCapture(verdict, message: message) {
                guard settings.confirmForwards else { return nil }
                let isRepeat = if case .attached = outcome { true } else { false }
                do {
                    return try composer.forwardConfirmation(
                        lead: lead, enquiry: enquiry, colleague: colleague, isRepeat: isRepeat, message: message,
                        library: library, now: now)
                } catch {
                    logger.error("template \(error) — \(lead.number) recorded without the colleague's confirmation")
                    return nil
                }
            }
            guard case .created = outcome, verdict.isAnswerable else { return nil }
            // Asked only for a new lead, the one case that may get a reply (a tenth of a backlog's messages);
            // inside the batch's transaction, so it sees the replies queued earlier in the batch.
            if let lastReply = try store.lastAutoReply(to: enquiry.contact.email),
                now.timeIntervalSince(lastReply) < settings.repeatReplyWindow
            {
                logger.info("\(lead.number): \(lead.email) had an automatic reply on \(lastReply); none again")
                return nil
            }
            // The rules give the lead its owner before the reply is rendered, so that it names who will answer.
            let owner: LeadWorkflow.ArrivalOwner?
            do { owner = try workflow.assignOnArrival(leadID: lead.id, now: now, batch: arrivals) } catch {
                logger.error("\(lead.number): lead rules failed and will run again; the reply names no owner: \(error)")
                owner = nil
            }
            return composeReply(
                lead: lead, enquiry: enquiry, message: message, owner: owner, library: library, now: now,
                language: record.language)
        }
        log(result.outcome, origin: origin, queued: result.queued)
        if let lead = result.outcome.lead, let note = enquiry?.staffNote, !note.isEmpty,
            case .created = result.outcome
        {
            var update = LeadUpdate(
                leadID: lead.id,
                by: enquiry?.forwardedBy.map { EmailAddress.normalised($0.address) }
                    ?? LeadEvent.system)
            update.events = [(.note, note)]
            do { try store.apply(update, at: now) } catch {
                logger.error("\(lead.number): the colleague's note was not kept: \(error)")
            }
        }
        return result
    }

    /// The colleague behind a `.capturedByColleague` verdict (details typed in rather than forwarded).
    private func colleagueCapture(_ verdict: ReplyPolicy.Verdict, message: Message) -> MailAddress? {
        guard case .capturedByColleague(let address) = verdict else { return nil }
        return message.from.first { EmailAddress.normalised($0.address) == address } ?? MailAddress(address: address)
    }

    /// The reply for a new lead, or nil when its template says not to answer or cannot be rendered (the lead is
    /// recorded either way: a broken template must never cost a lead).
    /// - Parameters:
    ///   - owner: who the rules made the lead's owner, named by templates as `ownerName`/`ownerEmail`.
    ///   - language: the enquiry's language when the preparation detected it; nil detects it here.
    func composeReply(
        lead: Lead, enquiry: Enquiry, message: Message, owner: LeadWorkflow.ArrivalOwner? = nil,
        library: TemplateLibrary, now: Date, language: LanguageGuess? = nil
    ) -> OutgoingMail? {
        let choice = composer.choose(in: library, lead: lead, enquiry: enquiry, message: message, language: language)
        guard let template = choice?.template else {
            logger.error(
                "no template answers source \(lead.source) and there is no default; \(lead.number) gets no reply")
            return nil
        }
        guard template.autoreply else { return nil }
        do {
            let rendered = try library.render(
                template,
                context: composer.context(
                    lead: lead, enquiry: enquiry, message: message, owner: owner,
                    language: TemplateDate.language(of: template)))
            return composer.reply(rendered, lead: lead, message: message, now: now)
        } catch {
            logger.error("template \(error) — \(lead.number) recorded without a reply")
            return nil
        }
    }

    private func log(_ outcome: IntakeOutcome, origin: String, queued: OutboxItem?) {
        switch outcome {
        case .created(let lead):
            let reply = queued == nil ? "no reply" : "reply queued"
            logger.info("\(origin): new lead \(lead.number) \(lead.email) source=\(lead.source), \(reply)")
        case .attached(let lead, let kind):
            logger.info("\(origin): \(kind.rawValue) attached to \(lead.number)")
        case .duplicate(let leadID):
            logger.info("\(origin): already recorded\(leadID.map { " on L\($0)" } ?? "")")
        case .ignored(let reason):
            logger.info("\(origin): ignored, \(reason)")
        }
    }
}

/// When the lead rules (score, owner, follow-up, staff notices) look at the leads a batch of messages touched.
public enum LeadRulesTiming: Sendable {
    /// In the batch's own commit: for `run`, whose next step is sending the replies (one fsync, not two).
    case inTheBatchCommit
    /// Once after the whole backlog, by the caller (`LeadWorkflow.catchUp`): a contact with a hundred messages
    /// in a backlog is scored and logged once instead of once per batch. Until then the store lists the leads
    /// as pending, so a process that stops first leaves them for the next run. Replies do not depend on them.
    case afterTheBacklog
}
