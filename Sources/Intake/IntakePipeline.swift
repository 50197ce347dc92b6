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
        self.composer = ReplyComposer(
            sender: configuration.from, company: configuration.company,
            subjectToken: configuration.intake.subjectToken)
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
        // One enquiry per original writer: a colleague's forward of three customers' mails is three leads.
        let enquiries = extractor.enquiries(from: message)
        let verdict = policy.verdict(for: message, replyAddress: enquiries.first?.contact.email)
        let library = await templates.library
        var first: (outcome: IntakeOutcome, queued: OutboxItem?)?
        for (index, enquiry) in (enquiries.isEmpty ? [nil] : enquiries.map(Optional.some)).enumerated() {
            let result = try recordOne(
                enquiry, index: index, of: message, verdict: verdict, library: library, origin: origin)
            if first == nil { first = result }
        }
        if enquiries.contains(where: { _ in true }), first?.outcome.lead != nil {
            // After the commit, in a transaction of its own: if it fails, the lead is recorded all the same and
            // the store still lists it as pending, so the next message (or `leadmail run`) catches up.
            do { try workflow.catchUp(now: clock()) } catch {
                logger.error("lead rules (score, owner, follow-up) failed and will run again: \(error)")
            }
        }
        return .recorded(first!.outcome, queued: first!.queued)
    }

    /// Records one enquiry of a message (or the message alone, when it holds none) in one transaction, with the
    /// reply or the colleague's confirmation it calls for.
    private func recordOne(
        _ enquiry: Enquiry?, index: Int, of message: Message, verdict: ReplyPolicy.Verdict, library: TemplateLibrary,
        origin: String
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
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
        let fingerprint = forwarded
            ? Fingerprint.of(["forward", enquiry?.contact.email.lowercased() ?? "", enquiry?.subject ?? "",
                              enquiry?.text ?? ""])
            : Fingerprint.of([
                message.from.first?.address.lowercased() ?? "", message.headers["Date"] ?? "",
                message.subject ?? "", message.text ?? "",
            ])
        let inbound = InboundMessage(
            messageID: messageID ?? (index == 0 ? message.messageID.map { "\($0)#forward" } : nil),
            fingerprint: fingerprint,
            threadIDs: forwarded ? [] : message.references + message.inReplyTo.filter { !message.references.contains($0) },
            date: message.date ?? clock(),
            from: message.from.first?.description ?? "",
            to: (message.to + message.cc).map(\.description).joined(separator: ", "),
            subject: message.subject,
            text: enquiry?.text ?? EnquiryText.ownWords(in: message.text ?? ""),
            enquiry: verdict.mayStartLead ? enquiry : nil,
            automatedReason: verdict.mayStartLead ? nil : verdict.description,
            referencedLeadID: forwarded ? nil : try message.subject.flatMap { LeadReference().leadID(in: $0) }
                ?? ownersLead(for: message, verdict: verdict),
            direction: { if case .ours = verdict { .outbound } else { .inbound } }())
        let now = clock()
        let lastReply = try enquiry.flatMap { try store.lastAutoReply(to: $0.contact.email) }
        let result = try store.recordInbound(inbound, at: now) { outcome in
            guard let enquiry, let lead = outcome.lead else { return nil }
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
            if let lastReply, now.timeIntervalSince(lastReply) < settings.repeatReplyWindow {
                logger.info("\(lead.number): \(lead.email) had an automatic reply on \(lastReply); none again")
                return nil
            }
            return composeReply(lead: lead, enquiry: enquiry, message: message, library: library, now: now)
        }
        log(result.outcome, origin: origin, queued: result.queued)
        if let lead = result.outcome.lead, let note = enquiry?.staffNote, !note.isEmpty,
           case .created = result.outcome {
            var update = LeadUpdate(leadID: lead.id, by: enquiry?.forwardedBy.map { EmailAddress.normalised($0.address) }
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
