import Foundation
import LeadStore
import SMTP

/// How the outbox sends: limits against loops and abuse, when to give up, and the relay's timeouts.
/// Read from leadmail.yml's top-level keys (docs/CONFIGURATION.md, "Delivery").
public struct DeliverySettings: Sendable, Hashable {
    /// `perRecipientReplyLimit`: automatic replies one address may get within the window (0: no limit).
    public var perRecipientReplyLimit = 1
    /// `perRecipientReplyWindow`: the window, in hours.
    public var perRecipientReplyWindowHours: Double = 24
    /// `maxRepliesPerHour`: replies sent in any hour, all processes together (0: no limit).
    public var maxRepliesPerHour = 500
    /// `outboxDeadline`: hours after which a reply that still fails temporarily is given up (`expired`).
    public var outboxDeadlineHours: Double = 72
    /// `relayConnectTimeout`, `relayTimeout`: seconds for the TCP+TLS connection and for one whole message.
    public var relayConnectTimeout: Double = 10
    public var relayTimeout: Double = 60
    /// `relayAuth`: force AUTH PLAIN or AUTH LOGIN; nil lets libcurl choose among what the relay offers.
    public var relayAuth: SMTPAuthMechanism?
    /// `storeBusyTimeout`: seconds to wait for another process's lock on the database before giving up on a
    /// message for now (it stays in new/ and `run --once` exits 75).
    public var storeBusyTimeout: Double = 15

    public init() {}

    /// The limits the outbox checks when it claims a reply.
    public var limits: DeliveryLimits {
        DeliveryLimits(
            perRecipient: perRecipientReplyLimit > 0 ? perRecipientReplyLimit : nil,
            perRecipientWindow: perRecipientReplyWindowHours * 3600,
            perHour: maxRepliesPerHour > 0 ? maxRepliesPerHour : nil)
    }
}
