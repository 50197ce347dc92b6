import Foundation

/// One message in a lead's communications log: an enquiry we received or a reply we sent.
public struct Communication: Sendable, Hashable, Codable, Identifiable {
    public enum Direction: String, Sendable, Codable {
        case inbound, outbound
    }

    /// Where a message stands. Inbound messages are `received`; outbound ones move from `queued` to `sent`,
    /// or to `failed` when the relay refused them for good.
    public enum Status: String, Sendable, Codable {
        case received, queued, sent, failed
    }

    /// Why an inbound message went onto this lead.
    public enum Kind: String, Sendable, Codable {
        /// The enquiry that created the lead.
        case enquiry
        /// A new enquiry from a contact whose lead is still open.
        case repeatEnquiry = "repeat"
        /// A message in a thread we already know (In-Reply-To / References).
        case threadReply = "reply"
        /// Something we sent.
        case reply = "autoreply"
        /// A mail system's or robot's notice about a mail on the lead: a bounce, a delay warning, an automatic
        /// answer, a list's moderation notice. Never answered.
        case notice
        /// A notice to our staff about the lead (new lead, reassignment, overdue, digest): not part of the
        /// conversation with the enquirer.
        case notification
        /// An email a person wrote to the lead (from the workspace or the command line): part of the conversation,
        /// never limited like automatic replies.
        case personal
    }

    public var id: Int64
    public var leadID: Int64
    public var direction: Direction
    public var kind: Kind
    public var date: Date
    public var from: String
    public var to: String
    public var subject: String?
    /// Without angle brackets.
    public var messageID: String?
    public var status: Status
    /// The text as the lead's log shows it (inbound: without quoted history).
    public var text: String
    /// The relay's last answer or the reason for a failure (outbound only).
    public var detail: String?
    /// The files that came with an inbound message (names, sizes and types only: the files stay in the mail).
    public var attachments: [Attachment]

    public init(
        id: Int64, leadID: Int64, direction: Direction, kind: Kind, date: Date, from: String, to: String,
        subject: String?, messageID: String?, status: Status, text: String, detail: String? = nil,
        attachments: [Attachment] = []
    ) {
        self.id = id
        self.leadID = leadID
        self.direction = direction
        self.kind = kind
        self.date = date
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.status = status
        self.text = text
        self.detail = detail
        self.attachments = attachments
    }
}

extension Communication {
    /// A file that came with a message, as the lead's timeline names it: the sender's file name made safe to
    /// show (the last part of a path, no control characters, at most 200 characters), its size and its type.
    /// A stranger chose the name: pages still escape it.
    public struct Attachment: Sendable, Hashable, Codable {
        /// nil when the part had no name (an inline image, a forwarded message).
        public var name: String?
        /// Decoded size in bytes.
        public var size: Int
        /// `type/subtype`, lower case, nothing after it.
        public var contentType: String

        public init(name: String?, size: Int, contentType: String) {
            self.name = name.flatMap(Self.safeName)
            self.size = max(0, size)
            // Up to the first character a type does not have (a parameter, a quote, markup).
            let type = contentType.lowercased().unicodeScalars.prefix {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/.+-_".unicodeScalars.contains($0))
            }
            self.contentType = String(String.UnicodeScalarView(type.prefix(100)))
        }

        /// The file name without any folder (`../../etc/passwd` is `passwd`, `C:\x\a.pdf` is `a.pdf`), with
        /// control and direction-changing characters made spaces; nil when nothing is left.
        static func safeName(_ name: String) -> String? {
            let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            let scalars = last.unicodeScalars.map { scalar -> Unicode.Scalar in
                let bidi = (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                return scalar.properties.generalCategory == .control || bidi ? " " : scalar
            }
            let clean = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
            guard !clean.isEmpty, clean != ".", clean != ".." else { return nil }
            return String(clean.prefix(200))
        }
    }
}
