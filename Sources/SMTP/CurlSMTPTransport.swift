import Dispatch

/// Sends mail through an SMTP relay with libcurl, keeping the connection open between messages.
///
/// libcurl's calls block, so each send runs on this transport's own serial dispatch queue, never on the Swift
/// concurrency pool; sends through one transport are therefore one at a time, over one reused connection.
/// Create one transport per relay and share it. Cancelling the sending task aborts the transfer.
public final class CurlSMTPTransport: MailTransport, @unchecked Sendable {
    /// The relay this transport delivers to.
    public let relay: SMTPRelay
    private let queue: DispatchQueue
    /// Created on first use, then only touched on `queue`.
    private var session: CurlSession?

    public init(relay: SMTPRelay) {
        self.relay = relay
        self.queue = DispatchQueue(label: "LeadMail.CurlSMTPTransport")
    }

    public func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> DeliveryReceipt {
        try await transfer(message, envelope: envelope, handover: nil)
    }

    /// Calls `handover` from libcurl's read callback when the message body is complete, just before the final
    /// "." goes out: a crash before it cannot have delivered the message (the relay drops a DATA without its
    /// end), a crash after it may have.
    public func send(_ message: [UInt8], envelope: Envelope, handover: @escaping HandoverHook)
        async throws(TransportError) -> DeliveryReceipt
    {
        try await transfer(message, envelope: envelope, handover: handover)
    }

    private func transfer(_ message: [UInt8], envelope: Envelope, handover: HandoverHook?)
        async throws(TransportError) -> DeliveryReceipt
    {
        try Self.validate(envelope)
        let state = CurlTransferState(payload: SMTPPayload.normalized(message), handover: handover)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SendResult, Never>) in
                queue.async {
                    continuation.resume(returning: self.performOnQueue(state: state, envelope: envelope))
                }
            }
        } onCancel: {
            state.cancel()
        }
        return try result.get()
    }

    private typealias SendResult = Result<DeliveryReceipt, TransportError>

    private func performOnQueue(state: CurlTransferState, envelope: Envelope) -> SendResult {
        if state.isCancelled {
            return .failure(TransportError(kind: .temporary, message: "The send was cancelled before it started."))
        }
        if let session {
            return session.send(envelope: envelope, state: state)
        }
        do throws(TransportError) {
            let created = try CurlSession(relay: relay)
            session = created
            return created.send(envelope: envelope, state: state)
        } catch {
            return .failure(error)
        }
    }

    /// Refuses envelopes that cannot be sent or that would smuggle extra SMTP commands.
    static func validate(_ envelope: Envelope) throws(TransportError) {
        guard !envelope.recipients.isEmpty else {
            throw TransportError(
                kind: .permanent, message: "The envelope has no recipients; add at least one RCPT address."
            )
        }
        for address in [envelope.sender] + envelope.recipients {
            let forbidden = address.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
            if forbidden || (address != envelope.sender && CurlSession.bareAddress(address).isEmpty) {
                throw TransportError(
                    kind: .permanent,
                    message: "The envelope address \(address.debugDescription) is not a valid mailbox; "
                        + "fix the address (no line breaks, not empty)."
                )
            }
        }
    }
}
