import Foundation

/// A message that a colleague forwarded: who originally wrote it, to whom, when, about what, in which words,
/// and what the forwarder wrote above it.
///
/// Staff forward enquiries to the sales inbox all the time; the lead belongs to the original writer, not to the
/// colleague. `extract(from:)` finds the forwarded messages in the formats of the common clients: attached
/// `message/rfc822` parts (one each), and inline blocks of Gmail, Outlook (desktop and web, English, German,
/// French, Spanish), Apple Mail and Thunderbird, in the text/plain body or in the HTML turned into text.
public struct ForwardedMessage: Sendable, Hashable {
    /// How the forward was written, so that odd readings can be traced to a client.
    public enum Format: String, Sendable, Hashable, Codable {
        /// A `message/rfc822` attachment.
        case attached
        /// "---------- Forwarded message ---------" and its translations.
        case gmail
        /// "-----Original Message-----", a `_____` rule or a bare "From: … Sent: … Subject:" block.
        case outlook
        /// "Begin forwarded message:" and its translations.
        case appleMail
        /// "-------- Forwarded Message --------" and its translations.
        case thunderbird
    }

    public var format: Format
    /// The original sender; `nil` when the block named nobody with an address (Exchange names without one).
    public var from: MailAddress?
    /// What the block's From field wrote when it held no address: Outlook names a sender from the address book
    /// by name alone ("Jane Smith"), so the writer must be found another way or the colleague asked again.
    public var fromText: String?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// The original date when it could be read; inline dates without a zone are taken as UTC.
    public var date: Date?
    /// The date as the block wrote it ("Monday, November 16, 2026 10:02 AM"), for display.
    public var dateText: String?
    public var subject: String?
    /// The original message's text (its body below the forwarded header block).
    public var text: String
    /// What the forwarder wrote above the forward (their note to the team), trimmed; may be empty.
    public var note: String

    public init(
        format: Format, from: MailAddress?, to: [MailAddress] = [], cc: [MailAddress] = [], date: Date? = nil,
        dateText: String? = nil, subject: String? = nil, text: String, note: String = ""
    ) {
        self.format = format
        self.from = from
        self.to = to
        self.cc = cc
        self.date = date
        self.dateText = dateText
        self.subject = subject
        self.text = text
        self.note = note
    }

    /// The forwarded messages in `message`, in the order they appear; empty when it forwards nothing.
    ///
    /// Attached messages win over inline blocks (each attachment is one forward; an attachment that is itself
    /// a forward gives the message it forwards). Inline blocks marked only by an Outlook header block
    /// ("-----Original Message-----", "From: … Sent: …") count as a forward only when the subject says so
    /// ("FW:", "Fwd:", "WG:", "TR:", "RV:", …), because Outlook quotes replies the same way.
    public static func extract(from message: Message) -> [ForwardedMessage] {
        let outerText = message.text ?? ""
        let attached = embeddedMessages(in: message.root)
        if !attached.isEmpty {
            let note = outerText.trimmingSpacesAndNewlines()
            return attached.flatMap { inner -> [ForwardedMessage] in
                let nested = extract(from: inner)
                if !nested.isEmpty { return nested.map { $0.withNote(note) } }
                return [ForwardedMessage(attached: inner, note: note)]
            }
        }
        let subjectSaysForward = isForwardSubject(message.subject)
        guard let inline = BlockReader.read(outerText, outlookNeedsForwardSubject: !subjectSaysForward)
        else { return [] }
        return [inline]
    }

    /// Whether a subject starts with a forward prefix of a common client or language.
    public static func isForwardSubject(_ subject: String?) -> Bool {
        guard let subject else { return false }
        let prefixes = ["fwd", "fw", "wg", "tr", "rv", "enc", "i", "doorst", "vs", "vl", "vb"]
        var rest = Substring(subject)
        // "Re: FW: …" and "[EXTERNAL] FW: …" are still forwards.
        for _ in 0..<4 {
            rest = rest.drop { $0 == " " }
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...]
                continue
            }
            guard let colon = rest.firstIndex(of: ":") else { return false }
            let word = rest[..<colon].trimmingSpaces().lowercased()
            if prefixes.contains(word) { return true }
            guard word == "re" || word == "aw" || word == "sv" else { return false }
            rest = rest[rest.index(after: colon)...]
        }
        return false
    }

    /// Every `message/rfc822` part, depth-first, without looking inside them.
    static func embeddedMessages(in part: MIMEPart) -> [Message] {
        if let embedded = part.embeddedMessage { return [embedded] }
        return part.parts.flatMap(embeddedMessages(in:))
    }

    init(attached inner: Message, note: String) {
        self.init(
            format: .attached, from: inner.from.first, to: inner.to, cc: inner.cc, date: inner.date,
            dateText: inner.headers["Date"], subject: inner.subject,
            text: (inner.text ?? "").trimmingSpacesAndNewlines(), note: note)
    }

    /// The same forward with the outer forwarder's note when it has none of its own.
    func withNote(_ outer: String) -> ForwardedMessage {
        var copy = self
        if copy.note.isEmpty { copy.note = outer }
        return copy
    }
}
