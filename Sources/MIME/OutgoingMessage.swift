import Foundation

/// An email we send (replies, notifications); `rendered()` turns it into RFC 5322 bytes.
///
/// Every value is plain Unicode text: encoding, quoting, folding and header-injection safety are the
/// renderer's job, so callers can put customer input in any field.
public struct OutgoingMessage: Sendable {
    /// The sender shown to recipients (and, for the SMTP layer, the envelope sender unless it chooses another).
    public var from: MailAddress
    /// Primary recipients; the To header is left out when this is empty (Bcc-only mail).
    public var to: [MailAddress]
    /// Copied recipients, rendered as a Cc header when not empty.
    public var cc: [MailAddress]
    /// Recipients for the SMTP envelope only; never rendered as a header.
    public var bcc: [MailAddress]
    /// Where replies should go when that is not `from`; rendered as Reply-To when not empty.
    public var replyTo: [MailAddress]
    /// Plain Unicode; encoded as RFC 2047 words when it is not ASCII.
    public var subject: String
    /// The plain-text body; always sent.
    public var text: String
    /// An HTML alternative; when set the message is multipart/alternative (text first, then HTML).
    public var html: String?
    /// The Message-ID without angle brackets.
    public var messageID: String
    /// The Message-ID this message answers, without angle brackets.
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first, without angle brackets.
    public var references: [String]
    /// The Date header, rendered in UTC.
    public var date: Date
    /// Headers rendered after MIME-Version, e.g. `("Auto-Submitted", "auto-replied")`. Names that the renderer
    /// writes itself (From, To, Bcc, Subject, Content-Type, …) are ignored here so they cannot be duplicated.
    public var extraHeaders: [(name: String, value: String)]

    /// Creates a message; without a `messageID` a unique one on the sender's domain is made.
    public init(
        from: MailAddress,
        to: [MailAddress],
        cc: [MailAddress] = [],
        bcc: [MailAddress] = [],
        replyTo: [MailAddress] = [],
        subject: String,
        text: String,
        html: String? = nil,
        messageID: String? = nil,
        inReplyTo: String? = nil,
        references: [String] = [],
        date: Date = Date(),
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID ?? MessageID.make(domain: from.domain)
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.extraHeaders = extraHeaders
    }

    /// The SMTP RCPT TO addresses: To, Cc and Bcc, each address once (compared case-insensitively),
    /// in that order.
    public var envelopeRecipients: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for recipient in to + cc + bcc {
            let address = HeaderEncoder.bareAddress(recipient.address)
            guard !address.isEmpty, seen.insert(address.lowercased()).inserted else { continue }
            result.append(address)
        }
        return result
    }
}
