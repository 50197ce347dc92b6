import Foundation
import Leads
import LeadStore
import Logging
import MIME
import Maildir
import Templates

/// What happened to one inbound message.
public enum MessageDisposition: Sendable, Hashable {
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

    public init(
        configuration: LeadMailConfiguration, store: any LeadStore, templates: TemplateCatalog,
        logger: Logger = Logger(label: "leadmail.intake"), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.store = store
        self.templates = templates
        self.parser = MessageParser()
        self.policy = ReplyPolicy(
            ourAddresses: configuration.ourAddresses, staffDomains: configuration.staffDomains,
            formSenders: configuration.formSenders)
        self.extractor = EnquiryExtractor(
            classifier: SourceClassifier(rules: configuration.sources, defaultSource: configuration.defaultSource),
            policy: policy)
        self.composer = ReplyComposer(sender: configuration.from, company: configuration.company)
        self.logger = logger
        self.clock = clock
        self.workflow = LeadWorkflow(configuration: configuration, store: store, logger: logger)
    }

    /// Handles a message sitting in a maildir's new/: records it, then marks it seen (or quarantines it).
    /// - Throws: `StoreError` or `MaildirError` when the message could not be handled and must stay in new/.
    public func handle(_ item: MaildirMessage, in mailbox: Maildir, quarantine: Maildir) async throws
        -> MessageDisposition
    {
        let bytes = try mailbox.read(item)
        let disposition = try await record(bytes, origin: item.name)
        switch disposition {
        case .recorded:
            try mailbox.markSeen(item)
        case .quarantined(let reason):
            try quarantine.create()
            try mailbox.quarantine(item, reason: reason, into: quarantine)
        }
        return disposition
    }

    /// Handles raw bytes from anywhere (a saved .eml); a message that cannot be read is delivered to the quarantine
    /// maildir as a copy, with its reason.
    public func handleFile(_ bytes: [UInt8], origin: String, quarantine: Maildir) async throws -> MessageDisposition {
        let disposition = try await record(bytes, origin: origin)
        if case .quarantined(let reason) = disposition {
            try quarantine.create()
            let copy = try quarantine.deliver(bytes)
            let reasons = (quarantine.path as NSString).appendingPathComponent("reasons")
            try? FileManager.default.createDirectory(atPath: reasons, withIntermediateDirectories: true)
            let note = "reason: \(reason)\nfrom: \(origin)\ndate: \(clock())\n"
            _ = FileManager.default.createFile(
                atPath: (reasons as NSString).appendingPathComponent(copy.name + ".txt"), contents: Data(note.utf8))
        }
        return disposition
    }

    /// Parses and records; never touches files.
    func record(_ bytes: [UInt8], origin: String) async throws -> MessageDisposition {
        let message: Message
        do {
            message = try parser.parse(bytes)
        } catch {
            logger.warning("quarantined \(origin): \(error)")
            return .quarantined(reason: error.description)
        }
        let enquiry = extractor.enquiry(from: message)
        let verdict = policy.verdict(for: message, replyAddress: enquiry?.contact.email)
        let inbound = InboundMessage(
            messageID: message.messageID,
            fingerprint: Fingerprint.of([
                message.from.first?.address.lowercased() ?? "", message.headers["Date"] ?? "",
                message.subject ?? "", message.text ?? "",
            ]),
            threadIDs: message.references + message.inReplyTo.filter { !message.references.contains($0) },
            date: message.date ?? clock(),
            from: message.from.first?.description ?? "",
            to: (message.to + message.cc).map(\.description).joined(separator: ", "),
            subject: message.subject,
            text: enquiry?.text ?? EnquiryText.ownWords(in: message.text ?? ""),
            enquiry: verdict.mayStartLead ? enquiry : nil,
            automatedReason: verdict.mayStartLead ? nil : verdict.description,
            direction: { if case .ours = verdict { .outbound } else { .inbound } }())
        let library = await templates.library
        let now = clock()
        let result = try store.recordInbound(inbound, at: now) { outcome in
            guard case .created(let lead) = outcome, verdict.isAnswerable, let enquiry else { return nil }
            return composeReply(lead: lead, enquiry: enquiry, message: message, library: library, now: now)
        }
        log(result.outcome, origin: origin, queued: result.queued)
        if result.outcome.lead != nil {
            // After the commit, in a transaction of its own: if it fails, the lead is recorded all the same and
            // the store still lists it as pending, so the next message (or `leadmail run`) catches up.
            do { try workflow.catchUp(now: now) } catch {
                logger.error("lead rules (score, owner, follow-up) failed and will run again: \(error)")
            }
        }
        return .recorded(result.outcome, queued: result.queued)
    }

    /// The reply for a new lead, or nil when its template says not to answer or cannot be rendered (the lead is
    /// recorded either way: a broken template must never cost a lead).
    func composeReply(lead: Lead, enquiry: Enquiry, message: Message, library: TemplateLibrary, now: Date)
        -> OutgoingMail?
    {
        let choice = composer.choose(in: library, lead: lead, enquiry: enquiry, message: message)
        guard let template = choice?.template else {
            logger.error("no template answers source \(lead.source) and there is no default; \(lead.number) gets no reply")
            return nil
        }
        guard template.autoreply else { return nil }
        do {
            let rendered = try library.render(template, context: composer.context(lead: lead, enquiry: enquiry, message: message))
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
