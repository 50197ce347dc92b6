import Foundation

/// How LeadMail reads one message, as plain data with the field names of the Python `email` oracle
/// (`../shared/tools/email-oracle.py`), so that the two readings of a puzzling email can be diffed.
///
/// Use it for `leadmail parse`, for conformance tests and for support questions ("why is this lead's name
/// wrong?"); the product itself works on `Message`. Formats follow the oracle: addresses as
/// `{name, address}` with `""` for no name, header values as written (Message-ID with its angle brackets),
/// the date in ISO 8601 with the offset the sender wrote, the MIME tree as `{type, charset, filename, parts}`.
public struct MessageReading: Sendable, Hashable, Codable {
    /// One mailbox of an address header; `name` is `""` when the header gave none.
    public struct Address: Sendable, Hashable, Codable {
        public var name: String
        public var address: String
    }

    /// One node of the MIME tree. `charset` is the declared one, lowercased; a `message/rfc822` node has the
    /// embedded message's tree as its only child.
    public struct Node: Sendable, Hashable, Codable {
        public var type: String
        public var charset: String?
        public var filename: String?
        public var parts: [Node]?
    }

    /// One attachment: content type, decoded filename and decoded size in bytes.
    public struct AttachmentSummary: Sendable, Hashable, Codable {
        public var type: String
        public var filename: String?
        public var size: Int?

        /// `filename` and `size` written as `null` when absent, as the oracle does.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(filename, forKey: .filename)
            try container.encode(size, forKey: .size)
        }
    }

    /// The file the message was read from, when known.
    public var file: String?
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var replyTo: [Address]
    public var subject: String?
    /// ISO 8601 (`2026-11-16T08:47:10+01:00`); no offset when the header gave none or "-0000".
    public var date: String?
    /// The Message-ID header as written, angle brackets included (what the oracle prints).
    public var messageId: String?
    public var inReplyTo: String?
    public var references: String?
    public var structure: Node
    /// The text/plain body, `nil` when the message has none (see `shownText`).
    public var text: String?
    /// The text/html body as HTML.
    public var html: String?
    public var attachments: [AttachmentSummary]
    /// What LeadMail shows as the message's text: `text`, or the HTML turned into text (not in the oracle).
    public var shownText: String?
    /// The parser's warnings (charset fallbacks, broken encodings); the oracle's nearest field is `defects`.
    public var warnings: [String]

    /// Reads `message` into the oracle's shape; `file` is echoed as the `file` field.
    public init(_ message: Message, file: String? = nil) {
        self.file = file
        from = message.from.map(Address.init)
        to = message.to.map(Address.init)
        cc = message.cc.map(Address.init)
        replyTo = message.replyTo.map(Address.init)
        subject = message.headers["Subject"]
        date = message.headers["Date"].flatMap(Self.isoDate)
        messageId = message.headers["Message-ID"].map(Self.headerValue)
        inReplyTo = message.headers["In-Reply-To"].map(Self.headerValue)
        references = message.headers["References"].map(Self.headerValue)
        structure = Node(message.root)
        text = BodyLocator.textPart(in: message.root) == nil ? nil : message.text
        html = message.html
        attachments = message.attachments.map {
            AttachmentSummary(type: $0.contentType.mimeType, filename: $0.filename, size: $0.size)
        }
        shownText = message.text
        warnings = message.warnings.map(\.message)
    }

    /// Every field, `nil` ones written as `null`, so that each line has the same keys as the oracle's.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(cc, forKey: .cc)
        try container.encode(replyTo, forKey: .replyTo)
        try container.encode(subject, forKey: .subject)
        try container.encode(date, forKey: .date)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(inReplyTo, forKey: .inReplyTo)
        try container.encode(references, forKey: .references)
        try container.encode(structure, forKey: .structure)
        try container.encode(text, forKey: .text)
        try container.encode(html, forKey: .html)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(shownText, forKey: .shownText)
        try container.encode(warnings, forKey: .warnings)
    }

    /// The reading as one line of JSON (keys sorted, slashes and non-ASCII left as they are).
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A header value trimmed of the folding whitespace at its ends, as the oracle's `str(header)` prints it.
    static func headerValue(_ value: String) -> String {
        value.trimmingASCIIWhitespace()
    }

    /// The Date header as `yyyy-MM-ddTHH:mm:ss±HH:MM`, in the sender's own offset.
    static func isoDate(_ header: String) -> String? {
        guard let (date, offset) = MailDateParser.parseWithOffset(header) else { return nil }
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + (offset ?? 0)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
            seconds / 3600, seconds % 3600 / 60, seconds % 60)
        if let offset {
            let magnitude = abs(offset)
            text +=
                (offset < 0 ? "-" : "+")
                + String(format: "%02d:%02d", magnitude / 3600, magnitude % 3600 / 60)
        }
        return text
    }
}

extension MessageReading.Address {
    init(_ address: MailAddress) {
        self.init(name: address.name ?? "", address: address.address)
    }
}

extension MessageReading.Node {
    /// The tree below `part`; the declared charset only (not the RFC 2045 default of a part without one).
    init(_ part: MIMEPart) {
        type = part.contentType.mimeType
        let declared = part.headers["Content-Type"] != nil
        charset = declared ? part.contentType.parameters["charset"]?.lowercased() : nil
        if charset?.isEmpty == true { charset = nil }
        filename = part.filename
        if part.contentType.type == "multipart" {
            parts = part.parts.isEmpty ? nil : part.parts.map(Self.init)
        } else if let embedded = part.embeddedMessage {
            parts = [Self(embedded.root)]
        }
    }
}
