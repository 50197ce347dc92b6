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
}
