/// Something that hands a finished message to the next hop: an SMTP relay, or a local maildir.
///
/// Intake depends on this protocol only, so it can be configured for a relay in production and a maildir outbox
/// in development and tests without any other change.
public protocol MailTransport: Sendable {
    /// Hands one message to the next hop. Returns only when it was accepted.
    ///
    /// - Parameters:
    ///   - message: The complete RFC 5322 message, headers and body, CRLF or LF line endings.
    ///   - envelope: Who it is delivered to and where bounces go.
    /// - Throws: `TransportError`; its `kind` says whether retrying later can help.
    func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> DeliveryReceipt

    /// Like `send(_:envelope:)`, calling `handover` at the last moment before the next hop may take the
    /// message: for SMTP just before the final "." of DATA. Until then a crash cannot have delivered it; after
    /// it, the message may be delivered even if this process never learns so. The outbox records the moment,
    /// which is what lets it avoid sending a reply twice after a crash. If `handover` throws, the transfer is
    /// aborted before the relay has the message and a temporary `TransportError` is thrown.
    func send(_ message: [UInt8], envelope: Envelope, handover: @escaping HandoverHook) async throws(TransportError)
        -> DeliveryReceipt
}

/// Called once, just before a transport hands a message over for good; throwing aborts the transfer.
public typealias HandoverHook = @Sendable () throws -> Void

extension MailTransport {
    /// Transports without a precise point of no return hand over before they start: safe, only less precise.
    public func send(_ message: [UInt8], envelope: Envelope, handover: @escaping HandoverHook)
        async throws(TransportError) -> DeliveryReceipt
    {
        do {
            try handover()
        } catch {
            throw TransportError.handoverFailed(error)
        }
        return try await send(message, envelope: envelope)
    }
}

extension TransportError {
    /// The outbox could not record the handover (e.g. the database is locked): nothing was delivered.
    static func handoverFailed(_ error: any Error) -> TransportError {
        TransportError(
            kind: .temporary,
            message: "The transfer was stopped before the end of the message because the handover could not be "
                + "recorded (\(error)); nothing was delivered and the message will be retried."
        )
    }
}

/// A transport that takes many messages at once and delivers each key at most once, however often it is asked:
/// the outbox maildir, whose file for a reply is named after the reply's key.
///
/// The outbox hands such a transport whole batches (one claim commit, one directory fsync and one finish commit
/// for all, instead of three commits and two fsyncs per reply), and after a crash it may simply ask again for
/// what was in hand: nothing can arrive twice.
public protocol IdempotentBatchTransport: MailTransport {
    /// Delivers each mail unless its key was delivered before (then it succeeds without a second copy).
    /// - Returns: one result per mail, in order.
    func deliver(_ batch: [KeyedMail]) async -> [Result<DeliveryReceipt, TransportError>]
}

/// A message for an `IdempotentBatchTransport`, with the key that makes a second delivery a no-op.
public struct KeyedMail: Sendable {
    public var message: [UInt8]
    public var envelope: Envelope
    /// Unique per message and stable across attempts: the outbox uses the reply's Message-ID.
    public var key: String
    /// False when no earlier attempt delivered under this key can exist, so the transport need not look for one.
    public var mayBeThere: Bool

    public init(message: [UInt8], envelope: Envelope, key: String, mayBeThere: Bool = true) {
        self.message = message
        self.envelope = envelope
        self.key = key
        self.mayBeThere = mayBeThere
    }
}
