/// Proof that the next hop took responsibility for a message.
public struct DeliveryReceipt: Sendable, Hashable {
    /// The last reply line, e.g. `250 2.0.0 Ok: queued as 4F2A1`; worth logging, since it often carries the
    /// relay's queue id for tracing the message later.
    public var serverReply: String

    public init(serverReply: String) {
        self.serverReply = serverReply
    }
}
