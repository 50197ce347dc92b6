import Foundation
import MIME

/// Decides whether a message was written by a person who may be answered, following RFC 3834.
///
/// Machines answering machines is how auto-reply loops start and how bounces become "leads": anything
/// auto-generated, from a list, from a bounce address or from ourselves is never answered and never becomes a lead
/// on its own (it may still join the thread it belongs to).
public struct ReplyPolicy: Sendable {
    /// Why a message must not get an automatic answer.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        case answerable
        case automated(reason: String)
        case ours(address: String)
        /// A colleague passing on someone else's enquiry: it becomes the enquirer's lead, but the enquirer gets
        /// no automatic answer, since the colleague is already in touch.
        case capturedByColleague(address: String)

        public var isAnswerable: Bool { self == .answerable }

        /// Whether the message may open or extend a lead (rather than only join a thread it belongs to).
        public var mayStartLead: Bool {
            switch self {
            case .answerable, .capturedByColleague: true
            case .automated, .ours: false
            }
        }

        public var description: String {
            switch self {
            case .answerable: "written by a person"
            case .automated(let reason): "auto-generated: \(reason)"
            case .ours(let address): "sent from our own address \(address)"
            case .capturedByColleague(let address): "passed on by our colleague \(address)"
            }
        }
    }

    /// Our addresses, normalised: never leads, never answered.
    public var ourAddresses: Set<String>
    /// Our staff's domains: a colleague's own mail is not an enquiry and is never auto-answered.
    public var staffDomains: Set<String>
    /// Addresses that send web-form notifications on an enquirer's behalf: on our domain, but not colleagues.
    public var formSenders: Set<String>

    public init(ourAddresses: [String], staffDomains: [String] = [], formSenders: [String] = []) {
        self.ourAddresses = Set(ourAddresses.map(EmailAddress.normalised))
        self.staffDomains = Set(staffDomains.map { $0.lowercased() })
        self.formSenders = Set(formSenders.map(EmailAddress.normalised))
    }

    /// Whether a normalised address sends web-form notifications for others: one of `formSenders`, or the
    /// account a website on a staff domain sends its forms' mail as (`wordpress@`, `www-data@`, `webmaster@`),
    /// which is no colleague even when nobody listed it.
    public func isFormSender(_ normalised: String) -> Bool {
        if formSenders.contains(normalised) { return true }
        return localPartOnStaffDomain(normalised).map(Self.isWebsiteAccount) ?? false
    }

    /// Whether a local part is one web servers and form plugins send as.
    private static func isWebsiteAccount(_ local: Substring) -> Bool {
        websiteLocalParts.contains(local.filter { $0 != "-" && $0 != "_" && $0 != "." })
    }

    /// The local part of a normalised address on one of the staff domains; nil for any other address.
    private func localPartOnStaffDomain(_ normalised: String) -> Substring? {
        guard let at = normalised.lastCharacter(whereASCII: { $0 == UInt8(ascii: "@") }),
            staffDomains.contains(String(normalised[normalised.index(after: at)...]))
        else { return nil }
        return normalised[..<at]
    }

    /// Local parts (without "-", "_" and ".") of the accounts web servers and form plugins send mail as.
    private static let websiteLocalParts: Set<String> = [
        "wordpress", "wp", "www", "wwwdata", "apache", "nginx", "httpd", "webmaster", "website", "web", "webform",
        "webforms", "form", "forms", "formular", "contactform", "wpforms", "elementor", "php", "daemon", "root",
    ]

    /// Whether `address` belongs to a colleague (a person on a staff domain), not a shared or robot address.
    public func isColleague(_ address: String) -> Bool {
        let normalised = EmailAddress.normalised(address)
        guard !ourAddresses.contains(normalised), !formSenders.contains(normalised),
            let local = localPartOnStaffDomain(normalised)
        else { return false }
        return !Self.isWebsiteAccount(local)
    }

    /// Whether `address` is one of our shared addresses or a colleague's.
    public func isOurs(_ address: String) -> Bool {
        ourAddresses.contains(EmailAddress.normalised(address)) || isColleague(address)
    }

    /// - Parameters:
    ///   - replyAddress: where an answer would go (the enquirer's address), checked against our own.
    ///   - formSubmission: the message is a web form's notification (see `notice(in:formSubmission:)`).
    public func verdict(for message: Message, replyAddress: String?, formSubmission: Bool = false) -> Verdict {
        verdict(for: message, replyAddress: replyAddress, notice: notice(in: message, formSubmission: formSubmission))
    }

    /// The verdict when the caller has looked for a notice already (`notice(in:formSubmission:)`).
    public func verdict(for message: Message, replyAddress: String?, notice: AutomaticNotice?) -> Verdict {
        let headers = message.headers
        if let auto = headers["Auto-Submitted"]?.trimmingSpaces().lowercased(),
            !auto.isEmpty, !auto.hasPrefix("no")
        {
            return .automated(reason: "Auto-Submitted: \(auto)")
        }
        if let precedence = headers["Precedence"]?.trimmingSpaces().lowercased(),
            ["bulk", "junk", "list", "auto_reply"].contains(precedence)
        {
            return .automated(reason: "Precedence: \(precedence)")
        }
        if let mark = Self.spamMark(headers) {
            return .automated(reason: "marked as spam by the mail filter (\(mark))")
        }
        for name in ["List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"]
        where headers[name] != nil {
            if name == "X-Auto-Response-Suppress" {
                // Outlook sets this on its own auto-replies and on mail it sends on behalf of rules.
                let value = headers[name]!.lowercased()
                if !(value.utf8Contains("all") || value.utf8Contains("oof")) { continue }
            }
            return .automated(reason: "has a \(name) header")
        }
        if let ours = (message.inReplyTo + message.references).first(where: isOurAutomaticMessageID) {
            // Answers to our own automatic replies: a robot that strips the auto headers still quotes our id.
            return .automated(reason: "answers our automatic reply <\(ours)>")
        }
        if let notice {
            return .automated(reason: "a \(notice)")
        }
        if let returnPath = headers["Return-Path"], returnPath.trimmingSpaces() == "<>" {
            return .automated(reason: "empty Return-Path (a bounce)")
        }
        if message.root.contentType.mimeType == "multipart/report" {
            return .automated(reason: "a delivery or read report (multipart/report)")
        }
        // The person an answer would go to decides, not the From line: a web form on our own domain sends on
        // the enquirer's behalf, and that enquirer is not us.
        let senders = message.from.map(\.address) + [message.sender?.address].compactMap { $0 }
        let answerTo = EmailAddress.normalised(replyAddress ?? senders.first ?? "")
        if isOurs(answerTo) {
            return .ours(address: answerTo)
        }
        if let colleague = senders.first(where: isColleague) {
            return .capturedByColleague(address: EmailAddress.normalised(colleague))
        }
        if answerTo.isEmpty {
            return .automated(reason: "no sender address to answer")
        }
        if Self.isRobotMailbox(answerTo) {
            return .automated(reason: "sender \(answerTo) is a robot mailbox")
        }
        return .answerable
    }

    /// The header by which the mail filter in front of the inbox marked a message as spam (SpamAssassin's
    /// `X-Spam-Flag`/`X-Spam-Status`, rspamd's `X-Spam`, Barracuda's, Microsoft 365's verdict and spam confidence
    /// level), or nil. Answering spam confirms the address to its sender and fills the pipeline with it; the
    /// message stays in cur/ and in the log, so a false positive can be found and run again.
    static func spamMark(_ headers: HeaderFields) -> String? {
        func value(_ name: String) -> String? { headers[name]?.trimmingSpaces().lowercased() }
        if let flag = value("X-Spam-Flag"), flag == "yes" { return "X-Spam-Flag: YES" }
        if let status = value("X-Spam-Status"), status.hasPrefix("yes") { return "X-Spam-Status: Yes" }
        if let rspamd = value("X-Spam"), rspamd == "yes" { return "X-Spam: Yes" }
        if let barracuda = value("X-Barracuda-Spam-Status"), barracuda.hasPrefix("yes") {
            return "X-Barracuda-Spam-Status: Yes"
        }
        if let report = value("X-Forefront-Antispam-Report"), report.utf8Contains("sfv:spm") {
            return "X-Forefront-Antispam-Report: SFV:SPM"
        }
        if let level = value("X-MS-Exchange-Organization-SCL").flatMap({ Int($0) }), level >= 5 {
            return "X-MS-Exchange-Organization-SCL: \(level)"
        }
        return nil
    }

    /// Whether a Message-ID is one LeadMail made (`MessageID.make`: `YYYYMMDDhhmmss.<12 hex>@` one of our
    /// domains), i.e. the message refers to a reply we sent automatically.
    public func isOurAutomaticMessageID(_ id: String) -> Bool {
        guard let at = id.lastCharacter(whereASCII: { $0 == UInt8(ascii: "@") }) else { return false }
        let domain = id[id.index(after: at)...].lowercased()
        guard ourAddresses.contains(where: { $0.hasSuffix("@" + domain) }) else { return false }
        let local = id[..<at].split(separator: ".")
        return local.count == 2 && local[0].count == 14
            && local[0].allSatisfy { $0.isASCII && $0.isNumber }
            && local[1].count == 12 && local[1].allSatisfy(\.isHexDigit)
    }

    /// mailer-daemon, postmaster, no-reply and friends: mailboxes nobody reads.
    static func isRobotMailbox(_ address: String) -> Bool {
        // On the bytes of the local part, without "-", "_" and ".": asked of every sender of every message.
        let local = address.utf8.split(separator: UInt8(ascii: "@")).first ?? address.utf8[...]
        let compact = local.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: ".") }
        return robotPrefixes.contains { compact.starts(with: $0) }
            || robotInfixes.contains { infix in compact.indices.contains { compact[$0...].starts(with: infix) } }
            || robotLocalParts.contains { compact.elementsEqual($0) }
    }

    /// Pieces that mark a robot anywhere in the local part: `messages-noreply`, `jobs-noreply`, `invoice.donotreply`.
    private static let robotInfixes: [[UInt8]] = ["noreply", "donotreply"].map { Array($0.utf8) }

    /// Whole local parts (without "-", "_" and ".") that only machines send from.
    private static let robotLocalParts: [[UInt8]] =
        ["notifications", "notification", "newsletter", "newsletters", "mailer"].map { Array($0.utf8) }

    /// Local parts (without "-", "_" and ".") that mark a robot, also with anything after them
    /// ("noreply+billing", "bounces-123").
    private static let robotPrefixes: [[UInt8]] =
        ["mailerdaemon", "postmaster", "noreply", "donotreply", "noresponse", "bounce"].map { Array($0.utf8) }
}
