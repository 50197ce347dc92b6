/// Proof that the next hop took responsibility for a message.
public struct DeliveryReceipt: Sendable, Hashable {
    /// The last reply line, e.g. `250 2.0.0 Ok: queued as 4F2A1`; worth logging, since it often carries the
    /// relay's queue id for tracing the message later.
    public var serverReply: String
    /// Recipients the relay refused while it accepted the others (empty when all were accepted); the message
    /// did not reach these, and sending it again would not help them.
    public var refusedRecipients: [RefusedRecipient]

    public init(serverReply: String, refusedRecipients: [RefusedRecipient] = []) {
        self.serverReply = serverReply
        self.refusedRecipients = refusedRecipients
    }

    /// The reply with the refused recipients appended, for the outbox's attempt log.
    public var summary: String {
        guard !refusedRecipients.isEmpty else { return serverReply }
        let refused = refusedRecipients.map { "\($0.address): \($0.serverReply)" }.joined(separator: "; ")
        return "\(serverReply) (refused: \(refused))"
    }
}
