import Foundation

/// A mailbox as it appears in an address header: an optional display name and the address itself.
///
/// The display name is already decoded (RFC 2047 encoded words, quoted strings and comments resolved),
/// so it can be shown or stored as it is.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The decoded display name, or `nil` when the header gave none.
    public var name: String?
    /// The address (`local@domain`), as written: case is kept; callers normalise for comparison.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The domain part after the last `@`, lowercased; empty when the address has none.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }

    public var description: String {
        if let name, !name.isEmpty { return "\(name) <\(address)>" }
        return address
    }
}

/// One header field as it stood in the message, plus its unfolded, decoded value.
public struct HeaderField: Sendable, Hashable {
    /// The field name as written (`Subject`, `subject`, …).
    public var name: String
    /// The value unfolded (CRLF + WSP removed) and with RFC 2047 encoded words decoded.
    public var value: String
    /// The value's bytes as they stood after the colon, folding included, for callers that must re-read them.
    public var rawValue: [UInt8]

    public init(name: String, value: String, rawValue: [UInt8]) {
        self.name = name
        self.value = value
        self.rawValue = rawValue
    }
}

/// The header block of a message or part, in order, with case-insensitive look-up.
public struct HeaderFields: Sendable, Hashable, Sequence {
    public private(set) var fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The first field of that name (case-insensitive), decoded.
    public subscript(name: String) -> String? {
        fields.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Every field of that name, in order.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    public mutating func append(_ field: HeaderField) {
        fields.append(field)
    }

    public func makeIterator() -> IndexingIterator<[HeaderField]> {
        fields.makeIterator()
    }
}

extension String {
    /// Field-name comparison: ASCII letters case-insensitively, everything else exactly (equal Strings, which
    /// for the ASCII names of real headers means equal bytes). Foundation's `caseInsensitiveCompare` was most of
    /// the parser's time on header look-ups. Names are mostly written as the look-up writes them: equal Strings
    /// are one comparison (for the short ones, of two words), before the slower walk of a pair of UTF-8 views.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        if self == other { return true }
        return zip(utf8, other.utf8).allSatisfy(Self.sameIgnoringASCIICase)
    }

    private static func sameIgnoringASCIICase(_ left: UInt8, _ right: UInt8) -> Bool {
        left == right || (left | 0x20 == right | 0x20 && (left | 0x20) >= 0x61 && (left | 0x20) <= 0x7A)
    }
}

/// A MIME content type with its parameters (`text/plain; charset=utf-8`).
public struct ContentType: Sendable, Hashable {
    /// Lowercased type, e.g. `text`.
    public var type: String
    /// Lowercased subtype, e.g. `plain`.
    public var subtype: String
    /// Parameters with lowercased names; values decoded (RFC 2231 continuations and charsets resolved).
    public var parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `type/subtype`, lowercased.
    public var mimeType: String { "\(type)/\(subtype)" }

    /// What RFC 2045 says a part without a Content-Type is.
    public static let defaultText = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])
}

/// One node of the MIME tree: a leaf with a decoded body, a multipart with children, or an embedded message.
public struct MIMEPart: Sendable {
    public var headers: HeaderFields
    public var contentType: ContentType
    /// `inline`, `attachment`, or `nil` when absent; lowercased.
    public var disposition: String?
    /// The filename from Content-Disposition or Content-Type `name`, decoded (RFC 2231 / 2047).
    public var filename: String?
    /// The body after the transfer encoding is undone (base64, quoted-printable), still in its charset.
    /// Empty for multiparts.
    ///
    /// Text and message parts are decoded while parsing; other leaves (files) keep their encoded bytes and are
    /// decoded here, on each read: intake reads no attachment, so a backlog's PDFs and a 50 MB upload cost
    /// no decoding and no second copy.
    public var body: [UInt8] {
        get { storedBody.decoded }
        set { storedBody = .decoded(newValue) }
    }
    var storedBody: PartBody
    /// The children of a multipart, in order.
    public var parts: [MIMEPart]
    /// The parsed message of a `message/rfc822` part (boxed because a message contains parts).
    public var embeddedMessage: Message? {
        get { embedded?.message }
        set { embedded = newValue.map(MessageBox.init) }
    }
    private var embedded: MessageBox?

    public init(
        headers: HeaderFields,
        contentType: ContentType,
        disposition: String? = nil,
        filename: String? = nil,
        body: [UInt8] = [],
        parts: [MIMEPart] = [],
        embeddedMessage: Message? = nil
    ) {
        self.headers = headers
        self.contentType = contentType
        self.disposition = disposition
        self.filename = filename
        self.storedBody = .decoded(body)
        self.parts = parts
        self.embedded = embeddedMessage.map(MessageBox.init)
    }
}

/// Reference box so that `MIMEPart` (a value type) can hold a `Message` that holds parts.
final class MessageBox: Sendable {
    let message: Message
    init(_ message: Message) { self.message = message }
}

/// An attachment: a leaf part that is not the body text (a file, an image, a forwarded message).
public struct Attachment: Sendable {
    public var contentType: ContentType
    public var filename: String?
    /// The decoded content, decoded on each read (see `MIMEPart.body`).
    public var content: [UInt8] {
        get { body.decoded }
        set { body = .decoded(newValue) }
    }
    /// Decoded size in bytes.
    public var size: Int { body.decodedCount }
    /// The decoded size worked out without decoding (exact for base64 and unencoded parts, the encoded size for
    /// quoted-printable): for naming a message's files without paying a decode of each.
    public var sizeWithoutDecoding: Int { body.countWithoutDecoding }
    private var body: PartBody

    public init(contentType: ContentType, filename: String?, content: [UInt8]) {
        self.init(contentType: contentType, filename: filename, body: .decoded(content))
    }

    init(contentType: ContentType, filename: String?, body: PartBody) {
        self.contentType = contentType
        self.filename = filename
        self.body = body
    }
}

/// A leaf part's body: its bytes as the message carries them and the transfer encoding still to undo.
struct PartBody: Sendable {
    enum Encoding: Sendable {
        /// Decoded already, or 7bit, 8bit, binary: the bytes are the content.
        case none
        case base64
        case quotedPrintable
    }

    var bytes: ArraySlice<UInt8>
    var encoding: Encoding

    static func decoded(_ bytes: [UInt8]) -> PartBody { PartBody(bytes: bytes[...], encoding: .none) }

    /// The content (a whole decoded array is handed back without a copy).
    var decoded: [UInt8] {
        switch encoding {
        case .none: Array(bytes)
        case .base64: TransferDecoding.base64(bytes)
        case .quotedPrintable: TransferDecoding.quotedPrintable(bytes)
        }
    }

    var decodedCount: Int { encoding == .none ? bytes.count : decoded.count }

    var countWithoutDecoding: Int {
        guard encoding == .base64 else { return bytes.count }
        return bytes.withUnsafeBufferPointer(Self.base64Letters) * 3 / 4
    }

    /// The bytes of the base64 alphabet in `bytes`. Intake names every attachment of every message with its size,
    /// so a backlog's PDFs are counted byte by byte: two bytes at a time, by a look-up of their pair, four pairs of
    /// each eight-byte word without a branch.
    static func base64Letters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return base64PairTable.withUnsafeBufferPointer { pairs in
            let raw = UnsafeRawPointer(base)
            let count = bytes.count
            var letters = 0
            var index = 0
            while index &+ 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                letters &+=
                    Int(pairs[Int(truncatingIfNeeded: word & 0xFFFF)])
                    &+ Int(pairs[Int(truncatingIfNeeded: word >> 16 & 0xFFFF)])
                    &+ Int(pairs[Int(truncatingIfNeeded: word >> 32 & 0xFFFF)])
                    &+ Int(pairs[Int(truncatingIfNeeded: word >> 48)])
                index &+= 8
            }
            // A single byte is the pair of itself and a NUL, which is no letter.
            while index < count {
                letters &+= Int(pairs[Int(bytes[index])])
                index &+= 1
            }
            return letters
        }
    }

    /// For each pair of bytes (either order: only the sum is read), how many are of the base64 alphabet.
    private static let base64PairTable: [UInt8] = {
        let single = (0...255).map { isBase64Letter(UInt8($0)) ? UInt8(1) : 0 }
        return (0..<65_536).map { single[$0 & 0xFF] + single[$0 >> 8] }
    }()

    static func isBase64Letter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            true
        default: false
        }
    }
}

/// Something the parser had to guess at, kept so that a person can see why a reading looks odd.
public struct ParseWarning: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A parsed email: the header fields the product uses, already decoded, and the MIME tree below them.
public struct Message: Sendable {
    public var headers: HeaderFields
    public var from: [MailAddress]
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    /// `Sender`, when present.
    public var sender: MailAddress?
    public var subject: String?
    public var date: Date?
    /// The Message-ID without angle brackets.
    public var messageID: String?
    /// Message-IDs from In-Reply-To, without angle brackets.
    public var inReplyTo: [String]
    /// Message-IDs from References, without angle brackets, oldest first.
    public var references: [String]
    /// The root of the MIME tree (for a single-part message, the message itself).
    public var root: MIMEPart
    /// The text to show: text/plain when present, otherwise the HTML body turned into readable text.
    public var text: String?
    /// The HTML body, decoded to a String, when there is one.
    public var html: String?
    public var attachments: [Attachment]
    /// Size of the raw message in bytes.
    public var size: Int
    /// What the parser guessed at (charset fallbacks, broken encodings, missing boundaries).
    public var warnings: [ParseWarning]

    public init(
        headers: HeaderFields,
        from: [MailAddress] = [],
        to: [MailAddress] = [],
        cc: [MailAddress] = [],
        replyTo: [MailAddress] = [],
        sender: MailAddress? = nil,
        subject: String? = nil,
        date: Date? = nil,
        messageID: String? = nil,
        inReplyTo: [String] = [],
        references: [String] = [],
        root: MIMEPart,
        text: String? = nil,
        html: String? = nil,
        attachments: [Attachment] = [],
        size: Int = 0,
        warnings: [ParseWarning] = []
    ) {
        self.headers = headers
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.sender = sender
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.root = root
        self.text = text
        self.html = html
        self.attachments = attachments
        self.size = size
        self.warnings = warnings
    }
}
