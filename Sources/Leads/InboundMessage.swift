import Foundation

/// An inbound email as the store records it: enough to log it, thread it and recognise it when it comes again.
public struct InboundMessage: Sendable, Hashable {
    /// Without angle brackets; nil when the sender's software gave none.
    public var messageID: String?
    /// A hash of what the sender wrote (sender, date, subject, text), to spot a second delivery of the same
    /// message when there is no Message-ID, or when it differs only in the MTA's trace headers.
    public var fingerprint: String
    /// In-Reply-To and References, newest last: any of them naming a message we know puts this one in that thread.
    public var threadIDs: [String]
    public var date: Date
    public var from: String
    public var to: String
    public var subject: String?
    /// The text for the communications log.
    public var text: String
    /// The enquiry, when the message is from a person who may become a lead; nil for automated mail.
    public var enquiry: Enquiry?
    /// Why automated mail may not start a lead (for the log), nil for a person's enquiry.
    public var automatedReason: String?
    /// A lead named by a `[#L123]` token in the subject: joins that lead when the threading headers are gone.
    public var referencedLeadID: Int64?
    /// `outbound` for a copy of mail we sent ourselves (a colleague's answer with the shared inbox in Cc), so the
    /// log shows it on our side of the conversation.
    public var direction: Communication.Direction
    /// A remark for the communications log beside the message, e.g. why it got no automatic reply.
    public var detail: String?
    /// What a mail system's or robot's notice says; it joins the lead of the mail it returns (a bounce marks
    /// that mail's address undeliverable).
    public var notice: NoticeRecord?
    /// The files that came with the message, as its timeline names them.
    public var attachments: [Communication.Attachment] = []

    public init(
        messageID: String?, fingerprint: String, threadIDs: [String], date: Date, from: String, to: String,
        subject: String?, text: String, enquiry: Enquiry?, automatedReason: String? = nil,
        referencedLeadID: Int64? = nil, direction: Communication.Direction = .inbound, detail: String? = nil
    ) {
        self.messageID = messageID
        self.fingerprint = fingerprint
        self.threadIDs = threadIDs
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.enquiry = enquiry
        self.automatedReason = automatedReason
        self.referencedLeadID = referencedLeadID
        self.direction = direction
        self.detail = detail
    }
}

extension InboundMessage {
    /// Makes the message a notice that joins the lead of the mail it returns: by the returned copy's
    /// Message-IDs (ours among them), else by the lead its `X-LeadMail-Lead` header names.
    public mutating func joinOnly(as notice: AutomaticNotice) {
        self.notice = NoticeRecord(notice)
        threadIDs += notice.returnedMessageIDs.filter { !threadIDs.contains($0) }
        if referencedLeadID == nil { referencedLeadID = notice.leadIDs.first }
        enquiry = nil
        automatedReason = "a \(notice)"
    }
}

/// What recording an inbound message did.
public enum IntakeOutcome: Sendable, Hashable {
    /// A new lead was opened.
    case created(Lead)
    /// The message joined an existing lead: a repeat enquiry or a reply in a thread.
    case attached(Lead, Communication.Kind)
    /// We had this message already (same Message-ID or fingerprint); nothing changed.
    case duplicate(leadID: Int64?)
    /// Automated or our own mail that belongs to no known thread; not in any lead's log (kept aside when it
    /// answers a message not recorded yet, to join that message's lead once it is).
    case ignored(reason: String)

    public var lead: Lead? {
        switch self {
        case .created(let lead), .attached(let lead, _): lead
        case .duplicate, .ignored: nil
        }
    }
}

/// An outgoing email, rendered, waiting in the outbox to be handed to the relay.
public struct OutgoingMail: Sendable, Hashable {
    public var messageID: String
    public var envelopeFrom: String
    public var recipients: [String]
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    /// The exact bytes to send, so that a retry sends what was decided, byte for byte.
    public var raw: [UInt8]
    /// Not before this time (templates may ask for a delay).
    public var notBefore: Date?
    /// How the lead's log files it: an automatic reply to the enquirer (limited per recipient) or a notification
    /// to a colleague.
    public var kind: Communication.Kind = .reply
    /// The tracked links in the mail (`tracking: true`), stored with the lead in the transaction that queues it.
    public var trackedLinks: [TrackedLink] = []

    public init(
        messageID: String, envelopeFrom: String, recipients: [String], from: String, to: String,
        subject: String, text: String, raw: [UInt8], notBefore: Date? = nil
    ) {
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.raw = raw
        self.notBefore = notBefore
    }
}

/// A row of the outbox: a mail and where its delivery stands.
public struct OutboxItem: Sendable, Hashable, Identifiable {
    public enum State: String, Sendable, Codable {
        case queued, sent, failed
    }

    public var id: Int64
    public var leadID: Int64
    public var mail: OutgoingMail
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// Whether an attempt of this row was recorded before (finished, failed or interrupted): only then may a
    /// copy of its reply already sit where the transport writes (the outbox maildir).
    public var attempted: Bool

    public init(
        id: Int64, leadID: Int64, mail: OutgoingMail, state: State, attempts: Int, nextAttemptAt: Date,
        lastError: String?, createdAt: Date, sentAt: Date?, attempted: Bool? = nil
    ) {
        self.id = id
        self.leadID = leadID
        self.mail = mail
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.attempted = attempted ?? (attempts > 0)
    }
}
