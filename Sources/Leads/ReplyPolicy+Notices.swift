import Foundation
import MIME

extension ReplyPolicy {
    /// The automatic notice `message` is (a bounce, a delay, an automatic answer, a list's notice, a returned
    /// copy of our mail), or nil when nothing says a machine wrote it. See `AutomaticNotice`.
    ///
    /// - Parameter formSubmission: the message is a web form's notification: its footer's "this is an automated
    ///   message" is the form's, and the enquirer behind it is a person.
    public func notice(in message: Message, formSubmission: Bool = false) -> AutomaticNotice? {
        var structure = NoticeStructure()
        structure.read(message.root, policy: self, depth: 0)
        let ses = SESNotification(text: message.text)
        if let ses {
            structure.failedRecipients += ses.failedRecipients
            structure.note(messageIDs: ses.messageIDs, lead: ses.lead, policy: self)
            structure.diagnostic = structure.diagnostic ?? ses.diagnostic
        }
        var notice = ses?.notice ?? classify(message, structure: structure, formSubmission: formSubmission)
        let ours = structure.ourCopy || NoticeText.namesOurMail(message.text ?? "", policy: self)
        if notice == nil, ours {
            notice = AutomaticNotice(kind: .returnedCopy, evidence: "it holds a copy of a mail LeadMail sent")
        }
        guard var found = notice else { return nil }
        var failed = structure.failedRecipients
        if let header = message.headers["X-Failed-Recipients"] {
            failed += header.split(separator: ",").map { EmailAddress.normalised(String($0)) }
        }
        found.failedRecipients = Array(Set(failed.filter { !$0.isEmpty })).sorted()
        found.returnedMessageIDs = structure.returnedMessageIDs
        found.leadIDs = structure.leadIDs
        if found.leadIDs.isEmpty || found.returnedMessageIDs.isEmpty {
            // Copies quoted in the text (Exim, qmail, Domino, gateways) rather than attached.
            let quoted = NoticeText.quotedHeaders(message.text ?? "", policy: self)
            found.returnedMessageIDs += quoted.messageIDs.filter { !found.returnedMessageIDs.contains($0) }
            found.leadIDs += quoted.leadIDs.filter { !found.leadIDs.contains($0) }
        }
        found.diagnostic = structure.diagnostic
        if found.kind == .nonDelivery, structure.actions.contains("delayed"), !structure.actions.contains("failed") {
            found.kind = .delay
        }
        return found
    }

    private func classify(
        _ message: Message, structure: NoticeStructure, formSubmission: Bool
    ) -> AutomaticNotice? {
        // On the bytes of the lowercased subject: String's Unicode-aware hasPrefix and contains are slow across
        // hundreds of phrases, asked of every message.
        let subject = NoticeSubject(message.subject ?? "")
        // One reading of the text's top: the kind a notice is, once something says it is one.
        let text = NoticeText(message.text ?? "", window: 3_000)
        func kindFromContent(default fallback: AutomaticNotice.Kind) -> AutomaticNotice.Kind {
            if subject.starts(with: NoticePhrases.delaySubjects) { return .delay }
            if subject.starts(with: NoticePhrases.nonDeliverySubjects) { return .nonDelivery }
            if subject.contains(NoticePhrases.listNoticeSubjectPieces) { return .listNotice }
            if subject.starts(with: NoticePhrases.autoReplySubjects) { return .autoReply }
            if text.has(.delay) { return .delay }
            if text.has(.nonDelivery) { return .nonDelivery }
            if text.has(.listNotice) { return .listNotice }
            if text.has(.hint) { return .nonDelivery }
            return fallback
        }

        if structure.hasDeliveryStatus {
            return AutomaticNotice(kind: .nonDelivery, evidence: "a message/delivery-status part")
        }
        if structure.hasFeedbackReport {
            // RFC 5965: a mailbox provider passes on that its user marked a mail as spam; a list notice's kind, as
            // the complaint reports that come without the part are read.
            return AutomaticNotice(kind: .listNotice, evidence: "a complaint feedback report (message/feedback-report)")
        }
        if structure.hasDispositionNotification {
            return AutomaticNotice(kind: .autoReply, evidence: "a read receipt (message/disposition-notification)")
        }
        if structure.hasCalendarReply {
            return AutomaticNotice(kind: .autoReply, evidence: "a calendar's answer to an invitation (iCalendar REPLY)")
        }
        if message.headers["X-Apple-Unsubscribe"] != nil {
            return AutomaticNotice(kind: .autoReply, evidence: "an unsubscribe request (X-Apple-Unsubscribe)")
        }
        if message.headers["X-Failed-Recipients"] != nil {
            return AutomaticNotice(
                kind: kindFromContent(default: .nonDelivery), evidence: "an X-Failed-Recipients header")
        }
        var senders = message.from + [message.sender].compactMap { $0 }
        // A mail system that signs with its bare name (`From: MAILER-DAEMON`) gives the parser no address.
        if message.from.isEmpty, let raw = message.headers["From"]?.trimmingSpaces(), !raw.isEmpty,
            !raw.contains("@")
        {
            senders.append(MailAddress(address: raw))
        }
        if let system = senders.first(where: Self.isMailSystem) {
            let kind = kindFromContent(default: Self.isAutoResponder(system) ? .autoReply : .nonDelivery)
            return AutomaticNotice(kind: kind, evidence: "sent by the mail system \(system)")
        }
        // Only the daemons' own names: a form service's Return-Path is `bounces+…@` on every enquiry it sends.
        if let returnPath = message.headers["Return-Path"].map(Self.angleAddress), !returnPath.isEmpty,
            Self.isRobotMailbox(returnPath), !Self.senderWords.contains(where: returnPath.lowercased().contains)
        {
            return AutomaticNotice(
                kind: kindFromContent(default: .nonDelivery), evidence: "returned by the mail system \(returnPath)")
        }
        let quotedSubject = "subject \"\(message.subject ?? "")\""
        if subject.starts(with: NoticePhrases.delaySubjects) {
            return AutomaticNotice(kind: .delay, evidence: quotedSubject)
        }
        if subject.starts(with: NoticePhrases.nonDeliverySubjects) {
            return AutomaticNotice(kind: .nonDelivery, evidence: quotedSubject)
        }
        if subject.contains(NoticePhrases.listNoticeSubjectPieces) {
            return AutomaticNotice(kind: .listNotice, evidence: quotedSubject)
        }
        if subject.starts(with: NoticePhrases.ambiguousNonDeliverySubjects),
            structure.returnedMessage || text.has(.hint)
                || text.has(.nonDelivery) || text.hasQuotedHeaderBlock
        {
            return AutomaticNotice(kind: .nonDelivery, evidence: quotedSubject)
        }
        if subject.starts(with: NoticePhrases.autoReplySubjects) {
            return AutomaticNotice(kind: .autoReply, evidence: quotedSubject)
        }
        // A person passing a notice on writes above it: its sentences below are the notice's, not theirs, and
        // the message is theirs unless they wrote next to nothing ("Forward the message.").
        if subject.starts(with: NoticePhrases.forwardPrefixes) {
            let own = EnquiryText.ownWords(in: message.text ?? "")
            guard own.utf8.count < 100, !own.utf8.contains(UInt8(ascii: "?")),
                let line = text.first(.nonDelivery)
            else { return nil }
            return AutomaticNotice(kind: .nonDelivery, evidence: "a forwarded notice (\"\(line)\") without a question")
        }
        if structure.returnedMessage, text.has(.hint) {
            return AutomaticNotice(kind: kindFromContent(default: .nonDelivery), evidence: "a returned message")
        }
        if let line = text.first(.nonDelivery) {
            return AutomaticNotice(kind: kindFromContent(default: .nonDelivery), evidence: "the text \"\(line)\"")
        }
        if let line = text.first(.delay), text.has(.hint) {
            return AutomaticNotice(kind: .delay, evidence: "the text \"\(line)\"")
        }
        if let line = text.first(.listNotice) {
            return AutomaticNotice(kind: .listNotice, evidence: "the text \"\(line)\"")
        }
        if let line = text.first(.challenge) {
            return AutomaticNotice(kind: .autoReply, evidence: "a sender check of a spam filter (\"\(line)\")")
        }
        // A newsletter sent without list headers: its footer offers to unsubscribe and says why it came. Not for
        // a form's notification (whose service may write the same) nor an answer (which may quote one).
        if !formSubmission, !subject.starts(with: NoticePhrases.answerPrefixes),
            let footer = BulkMailFooter(message.text ?? "")
        {
            return AutomaticNotice(kind: .listNotice, evidence: "a newsletter's footer (\"\(footer.reason)\")")
        }
        // Weaker signs: words a person may write too, beside a subject such notices have (or none).
        guard !formSubmission else { return nil }
        let noticeSubject =
            subject.bytes.isEmpty || subject.starts(with: NoticePhrases.answerPrefixes)
            || subject.contains(NoticePhrases.noticeSubjectWords)
        guard noticeSubject else { return nil }
        if let hint = text.first(.hint),
            structure.returnedMessage || text.hasQuotedHeaderBlock
        {
            return AutomaticNotice(kind: .nonDelivery, evidence: "the text \"\(hint)\" under \(quotedSubject)")
        }
        if let line = text.first(.autoReply) {
            return AutomaticNotice(kind: .autoReply, evidence: "the text \"\(line)\" under \(quotedSubject)")
        }
        return nil
    }

    /// Words of a robot Return-Path that belong to a sender's own mail (its bounce handling, its automatic answers,
    /// its notifications and newsletters), not to a mail system returning a message.
    private static let senderWords = ["bounce", "reply", "respon", "notification", "newsletter"]

    /// A mailbox of a mail system, gateway or list manager, by its local part or its display name.
    static func isMailSystem(_ address: MailAddress) -> Bool {
        if let name = address.name?.trimmingSpaces().lowercased(), NoticePhrases.systemDisplayNames.contains(name) {
            return true
        }
        let lower = address.address.lowercased()
        // Some mail systems write their own name without a domain (`From: mailer-daemon`).
        let local = lower[..<(lower.lastIndex(of: "@") ?? lower.endIndex)]
        if NoticePhrases.systemLocalSuffixes.contains(where: { local.hasSuffix($0) }) { return true }
        let compact = String(local.filter { $0 != "-" && $0 != "_" && $0 != "." })
        return NoticePhrases.systemLocalParts.contains(compact)
            || NoticePhrases.systemLocalPrefixes.contains { compact.hasPrefix($0) }
    }

    /// An auto-responder's own mailbox (`autoreply@`, `vacation@`), whose notices are answers, not bounces.
    static func isAutoResponder(_ address: MailAddress) -> Bool {
        let local = address.address.lowercased().prefix { $0 != "@" }.filter { $0 != "-" && $0 != "_" && $0 != "." }
        return ["autoreply", "autoresponder", "autoresponse", "vacation", "outofoffice"].contains(String(local))
    }

    /// The address inside `<…>` (a Return-Path), or the value trimmed.
    static func angleAddress(_ value: String) -> String {
        let trimmed = value.trimmingSpaces()
        guard let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close
        else { return trimmed }
        return String(trimmed[trimmed.index(after: open)..<close])
    }
}

/// What the MIME tree of a message says about it being a notice: report parts, returned messages and headers.
struct NoticeStructure {
    var hasDeliveryStatus = false
    var hasDispositionNotification = false
    var hasFeedbackReport = false
    /// An iCalendar REPLY: a calendar's answer to an invitation.
    var hasCalendarReply = false
    var returnedMessage = false
    var ourCopy = false
    var failedRecipients: [String] = []
    var actions: Set<String> = []
    var diagnostic: String?
    private var status: String?
    var returnedMessageIDs: [String] = []
    var leadIDs: [Int64] = []

    mutating func read(_ part: MIMEPart, policy: ReplyPolicy, depth: Int) {
        guard depth < 8 else { return }
        let type = part.contentType.mimeType
        switch type {
        case "message/delivery-status", "message/global-delivery-status":
            hasDeliveryStatus = true
            readDeliveryStatus(part.body)
        case "message/disposition-notification", "message/global-disposition-notification":
            hasDispositionNotification = true
        case "message/feedback-report":
            hasFeedbackReport = true
        case "text/calendar", "application/ics":
            // iCalendar's REPLY (RFC 5546): the answer a calendar sends when someone accepts, declines or
            // tentatively accepts an invitation.
            let method = part.contentType.parameters["method"]?.trimmingSpaces().uppercased()
            let body = part.body.prefix(4_096)
            if method == "REPLY" || (method == nil && body.firstRange(of: Array("METHOD:REPLY".utf8)) != nil) {
                hasCalendarReply = true
            }
        case "message/rfc822", "message/global", "message/partial":
            returnedMessage = true
            if let embedded = part.embeddedMessage {
                note(
                    messageIDs: [embedded.messageID].compactMap { $0 } + embedded.inReplyTo + embedded.references,
                    lead: embedded.headers["X-LeadMail-Lead"], policy: policy)
            }
        case "text/rfc822-headers", "message/rfc822-headers", "text/rfc822-header":
            returnedMessage = true
            let quoted = NoticeText.quotedHeaders(String(decoding: part.body, as: UTF8.self), policy: policy)
            note(messageIDs: quoted.messageIDs, lead: nil, policy: policy)
            leadIDs += quoted.leadIDs
            ourCopy = ourCopy || !quoted.leadIDs.isEmpty
        default:
            for child in part.parts { read(child, policy: policy, depth: depth + 1) }
        }
    }

    /// The number of a lead as `X-LeadMail-Lead` gives it (`L123`).
    static func leadNumber(_ value: String) -> Int64? {
        let digits = value.trimmingSpaces().drop { $0 == "L" || $0 == "l" || $0 == "#" }
        return Int64(digits)
    }

    mutating func note(messageIDs: [String], lead: String?, policy: ReplyPolicy) {
        returnedMessageIDs += messageIDs.filter { !returnedMessageIDs.contains($0) }
        if messageIDs.contains(where: policy.isOurAutomaticMessageID) { ourCopy = true }
        if let lead, let id = NoticeStructure.leadNumber(lead) {
            leadIDs.append(id)
            ourCopy = true
        }
    }

    /// RFC 3464 fields: Final-Recipient (or Original-Recipient), Action, Status, Diagnostic-Code.
    private mutating func readDeliveryStatus(_ body: [UInt8]) {
        for line in String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            switch name {
            case "final-recipient", "original-recipient":
                let address = value.split(separator: ";", maxSplits: 1).last.map {
                    ReplyPolicy.angleAddress(String($0))
                }
                if let address, address.contains("@") {
                    let normalised = EmailAddress.normalised(address)
                    if !failedRecipients.contains(normalised) { failedRecipients.append(normalised) }
                }
            case "action":
                actions.insert(value.lowercased())
            case "diagnostic-code":
                diagnostic = diagnostic ?? value.split(separator: ";", maxSplits: 1).last.map { $0.trimmingSpaces() }
            case "status":
                if status == nil, !value.isEmpty { status = "status \(value)" }
            default:
                continue
            }
        }
        diagnostic = diagnostic ?? status
    }
}

/// A subject trimmed and lowercased, as bytes, for the subject lists of `NoticePhrases`.
struct NoticeSubject {
    let bytes: [UInt8]

    init(_ subject: String) {
        let trimmed = subject.trimmingSpaces()
        bytes =
            trimmed.utf8.allSatisfy { $0 < 0x80 }
            ? trimmed.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            : Array(trimmed.lowercased().utf8)
    }

    func starts(with prefixes: PrefixSet) -> Bool { prefixes.matches(start: bytes) }

    func contains(_ pieces: PhraseSet) -> Bool { pieces.firstMatch(in: bytes) != nil }
}

/// Lowercase beginnings, compared with a subject's first bytes.
struct PrefixSet: Sendable {
    private let prefixes: [[UInt8]]
    /// Whether any prefix starts with this byte.
    private let firstBytes: Set<UInt8>

    init(_ list: [String]) {
        prefixes = list.map { Array($0.utf8) }
        firstBytes = Set(prefixes.compactMap(\.first))
    }

    func matches(start bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, firstBytes.contains(first) else { return false }
        return prefixes.contains { bytes.starts(with: $0) }
    }
}

/// The top of a message's text, lowercased (ASCII letters), read once for every list of sentences.
struct NoticeText {
    let lower: [UInt8]
    /// The first sentence found of each kind, by `NoticePhrases.LineKind.rawValue`.
    private let found: [String?]

    init(_ text: String, window: Int) {
        lower = text.utf8.prefix(window).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var found = [String?](repeating: nil, count: NoticePhrases.LineKind.allCases.count)
        NoticePhrases.allLines.forEachMatch(in: lower) { index in
            let kind = NoticePhrases.allLineKinds[index].rawValue
            if found[kind] == nil { found[kind] = NoticePhrases.allLines.phrase(index) }
        }
        self.found = found
    }

    func first(_ kind: NoticePhrases.LineKind) -> String? { found[kind.rawValue] }

    func has(_ kind: NoticePhrases.LineKind) -> Bool { found[kind.rawValue] != nil }

    /// Lines of a quoted header block (`From:`, `Subject:`, `Message-ID:` …), as a returned copy has them.
    var hasQuotedHeaderBlock: Bool {
        Self.quotedHeaderLines.firstMatch(in: lower) != nil
    }

    private static let quotedHeaderLines = PhraseSet(["\nmessage-id:", "\nreceived: from", "\nreturn-path:"])

    /// Whether the text quotes our `X-LeadMail-Lead` header or one of our automatic Message-IDs.
    static func namesOurMail(_ full: String, policy: ReplyPolicy) -> Bool {
        guard
            full.utf8Contains("LeadMail") || full.utf8Contains("leadmail") || full.utf8Contains("essage-")
                || full.utf8Contains("ESSAGE-")
        else { return false }
        let quoted = quotedHeaders(full, policy: policy)
        return !quoted.leadIDs.isEmpty || quoted.messageIDs.contains(where: policy.isOurAutomaticMessageID)
    }

    /// Message-IDs and lead numbers on header lines in the text (quoted with `>` or indented, too).
    static func quotedHeaders(_ full: String, policy: ReplyPolicy) -> (messageIDs: [String], leadIDs: [Int64]) {
        var ids: [String] = []
        var leads: [Int64] = []
        for rawLine in full.split(whereSeparator: \.isNewline) {
            var line = rawLine[...]
            while let first = line.first, first == ">" || first == " " || first == "\t" { line.removeFirst() }
            guard let first = line.first, "mMxX".contains(first) else { continue }
            let lower = line.prefix(20).lowercased()
            if lower.hasPrefix(NoticePhrases.messageIDHeader) {
                let value = line.dropFirst(NoticePhrases.messageIDHeader.count)
                let id = ReplyPolicy.angleAddress(String(value))
                if !id.isEmpty, !ids.contains(id) { ids.append(id) }
            } else if lower.hasPrefix(NoticePhrases.leadHeader) {
                let value = line.dropFirst(NoticePhrases.leadHeader.count).trimmingSpaces()
                if let id = NoticeStructure.leadNumber(String(value)) { leads.append(id) }
            }
        }
        return (ids, leads)
    }
}

/// Lowercase phrases found in bytes in one pass: the bytes' pairs are looked up in a bitmap of the phrases'
/// first two bytes, so most positions cost one bit test, whatever the number of phrases.
struct PhraseSet: Sendable {
    private let phrases: [[UInt8]]
    private let words: [String]
    /// Bit `a << 8 | b` is set when a phrase starts with the bytes `a b`.
    private let starts: [UInt64]
    /// Phrase indices by their first two bytes.
    private let byStart: [UInt16: [Int]]

    init(_ list: [String]) {
        words = list
        phrases = list.map { Array($0.utf8) }
        var starts = [UInt64](repeating: 0, count: 1024)
        var byStart: [UInt16: [Int]] = [:]
        for (index, phrase) in phrases.enumerated() where phrase.count >= 2 {
            let key = UInt16(phrase[0]) << 8 | UInt16(phrase[1])
            starts[Int(key) >> 6] |= 1 << UInt64(key & 63)
            byStart[key, default: []].append(index)
        }
        self.starts = starts
        self.byStart = byStart
    }

    /// The phrase at `index` of the list it was made from.
    func phrase(_ index: Int) -> String { words[index] }

    /// Calls `body` with the index of every phrase found in `bytes`, at each place it is found.
    func forEachMatch(in bytes: [UInt8], _ body: (Int) -> Void) {
        guard bytes.count >= 2 else { return }
        bytes.withUnsafeBufferPointer { text in
            for position in 0..<(text.count - 1) {
                let key = UInt16(text[position]) << 8 | UInt16(text[position + 1])
                guard starts[Int(key) >> 6] & (1 << UInt64(key & 63)) != 0, let candidates = byStart[key] else {
                    continue
                }
                for index in candidates where Self.matches(phrases[index], in: text, at: position) { body(index) }
            }
        }
    }

    private static func matches(_ phrase: [UInt8], in text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position + phrase.count <= text.count else { return false }
        for offset in 2..<phrase.count where text[position + offset] != phrase[offset] { return false }
        return true
    }

    /// The phrase found earliest in `bytes`, or nil.
    func firstMatch(in bytes: [UInt8]) -> String? {
        guard bytes.count >= 2 else { return nil }
        return bytes.withUnsafeBufferPointer { text -> String? in
            for position in 0..<(text.count - 1) {
                let key = UInt16(text[position]) << 8 | UInt16(text[position + 1])
                guard starts[Int(key) >> 6] & (1 << UInt64(key & 63)) != 0, let candidates = byStart[key] else {
                    continue
                }
                for index in candidates {
                    let phrase = phrases[index]
                    guard position + phrase.count <= text.count else { continue }
                    var equal = true
                    for offset in 2..<phrase.count where text[position + offset] != phrase[offset] {
                        equal = false
                        break
                    }
                    if equal { return words[index] }
                }
            }
            return nil
        }
    }
}

/// The footer of bulk mail: an offer to unsubscribe beside a sentence saying why the mail came or where to read it,
/// in the text's last lines (where newsletters put them) or its first (the "view in your browser" line).
struct BulkMailFooter {
    let reason: String

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        let ends = bytes.count > 5_000 ? Array(bytes.prefix(1_500) + bytes.suffix(3_000)) : bytes
        let lower = ends.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard Self.unsubscribe.firstMatch(in: lower) != nil, let why = Self.why.firstMatch(in: lower) else {
            return nil
        }
        reason = why
    }

    private static let unsubscribe = PhraseSet([
        "unsubscribe", "abmelden", "abbestellen", "désabonner", "désinscrire", "darse de baja", "darte de baja",
        "cancelar la suscripción", "disiscriviti", "annulla l'iscrizione", "uitschrijven", "afmelden",
        "wypisz się", "avregistrera", "afmeld", "odhlásit",
    ])

    private static let why = PhraseSet([
        "you are receiving this email because", "you are receiving this e-mail because",
        "you're receiving this email because", "you received this email because", "you received this e-mail because",
        "you are receiving this newsletter", "you have received this email because", "view this email in your browser",
        "view this email in a browser", "view it in your browser", "view in browser", "view online version",
        "update your preferences", "manage your preferences", "manage your email preferences", "email preferences",
        "manage your subscription",
        "sie erhalten diese e-mail", "sie erhalten diesen newsletter", "im browser anzeigen", "vous recevez cet e-mail",
        "vous recevez cet email", "afficher dans le navigateur", "recibes este correo", "ricevi questa email",
        "u ontvangt deze e-mail",
    ])
}
