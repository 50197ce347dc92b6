/// Who an SMTP transaction is from and to, separate from the message's From:/To: headers.
///
/// Bounces go to `sender`; the message is delivered to exactly `recipients` (Bcc included), whatever its
/// headers say.
public struct Envelope: Sendable, Hashable {
    /// The reverse path (`MAIL FROM`), a bare address such as `sales@example.com`; empty for a null sender.
    public var sender: String
    /// The forward paths (`RCPT TO`), bare addresses; at least one is needed to send.
    public var recipients: [String]

    public init(sender: String, recipients: [String]) {
        self.sender = sender
        self.recipients = recipients
    }
}
