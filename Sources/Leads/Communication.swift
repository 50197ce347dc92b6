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

    public init(
        id: Int64, leadID: Int64, direction: Direction, kind: Kind, date: Date, from: String, to: String,
        subject: String?, messageID: String?, status: Status, text: String, detail: String? = nil
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
    }
}
