/// A recipient the relay refused at `RCPT TO` while it accepted the message for the others.
public struct RefusedRecipient: Sendable, Hashable {
    /// The address as sent in `RCPT TO`, without angle brackets.
    public var address: String
    /// The relay's reply, e.g. `550 5.1.1 <x@example.com>: Recipient address rejected`.
    public var serverReply: String

    public init(address: String, serverReply: String) {
        self.address = address
        self.serverReply = serverReply
    }
}
