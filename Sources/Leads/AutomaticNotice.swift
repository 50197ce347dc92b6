import Foundation
import MIME

/// A message a mail system or a robot wrote: a non-delivery report, a delay warning, an automatic answer, a
/// mailing list's notice. Never an enquiry and never answered; when it returns a mail we sent, it belongs on
/// that mail's lead as a notice.
///
/// Bounces rarely look like RFC 3464: most mail systems and gateways send plain text from an address of their
/// own, many without `Auto-Submitted` and with a non-empty Return-Path. So, as mature bounce processors do,
/// `ReplyPolicy.notice(in:formSubmission:)` reads the structure (`message/delivery-status`, a returned message),
/// the headers (`X-Failed-Recipients`), the sender (mail-system mailboxes and display names), the subject (in
/// the common languages) and the first lines of the text (the sentences mail systems write).
public struct AutomaticNotice: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The mail was not delivered, for good: the address does not take mail.
        case nonDelivery = "non-delivery report"
        /// The mail is late and still being tried: nothing is known to be wrong with the address.
        case delay = "delay warning"
        /// An out-of-office or other automatic answer, a read receipt.
        case autoReply = "automatic answer"
        /// A mailing list's or a group's answer (held for moderation, not a member).
        case listNotice = "mailing-list notice"
        /// A copy of a mail we sent came back, with nothing else saying why.
        case returnedCopy = "returned copy of our mail"
    }

    public var kind: Kind
    /// What gave it away, for the log: `subject "Undeliverable: …"`, `sender MAILER-DAEMON@…`.
    public var evidence: String
    /// The addresses the notice says failed (X-Failed-Recipients, Final-Recipient), lowercased.
    public var failedRecipients: [String] = []
    /// Message-IDs of the returned copy (and what it answered), without angle brackets: which of our mails
    /// came back.
    public var returnedMessageIDs: [String] = []
    /// Lead numbers named by an `X-LeadMail-Lead` header of the returned copy.
    public var leadIDs: [Int64] = []
    /// The mail system's own words on why (Diagnostic-Code, Status), when it gave them.
    public var diagnostic: String?

    public init(kind: Kind, evidence: String) {
        self.kind = kind
        self.evidence = evidence
    }

    /// Whether it says the address does not take mail (as opposed to a delay or an answer).
    public var isPermanentFailure: Bool { kind == .nonDelivery }

    public var description: String { "\(kind.rawValue) (\(evidence))" }
}

/// A notice as the store records it on the lead of the mail it returns.
public struct NoticeRecord: Sendable, Hashable {
    public var kind: AutomaticNotice.Kind
    /// The notice in words, for the lead's log.
    public var summary: String
    public var failedRecipients: [String]
    /// Message-IDs of the returned copy: our outbound mails it may be about.
    public var returnedMessageIDs: [String]

    public init(_ notice: AutomaticNotice) {
        kind = notice.kind
        summary = notice.diagnostic.map { "\(notice.description): \($0)" } ?? notice.description
        failedRecipients = notice.failedRecipients
        returnedMessageIDs = notice.returnedMessageIDs
    }
}
