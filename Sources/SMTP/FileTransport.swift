#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Maildir

/// The built-in transport when no relay is configured: delivers each message into a maildir (e.g. ./outbox)
/// the way a local delivery agent would, so replies can be inspected with any mail client.
///
/// On top of the message it adds `Return-Path: <sender>` and one `Delivered-To:` per envelope recipient, using
/// the message's own line ending. The maildir is created on first use.
public struct FileTransport: MailTransport {
    /// Where messages are delivered.
    public let maildir: Maildir

    public init(maildir: Maildir) {
        self.maildir = maildir
    }

    public func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> DeliveryReceipt {
        try CurlSMTPTransport.validate(envelope)
        let lineEnding: [UInt8] = Self.usesCRLF(message) ? [0x0D, 0x0A] : [0x0A]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.count + 64 * (envelope.recipients.count + 1))
        bytes += Array("Return-Path: <\(CurlSession.bareAddress(envelope.sender))>".utf8) + lineEnding
        for recipient in envelope.recipients {
            bytes += Array("Delivered-To: \(CurlSession.bareAddress(recipient))".utf8) + lineEnding
        }
        bytes += message
        do throws(MaildirError) {
            try maildir.create()
            let delivered = try maildir.deliver(bytes)
            return DeliveryReceipt(serverReply: "250 2.0.0 Delivered to \(delivered.path)")
        } catch {
            let kind: TransportError.Kind = [EACCES, EPERM, ENOTDIR, EROFS].contains(error.errorNumber ?? 0)
                ? .configuration : .temporary
            throw TransportError(kind: kind, message: "Could not write to the outbox maildir: \(error)")
        }
    }

    /// Whether the first line of the message ends with CRLF.
    static func usesCRLF(_ message: [UInt8]) -> Bool {
        guard let newline = message.firstIndex(of: 0x0A) else { return false }
        return newline > 0 && message[newline - 1] == 0x0D
    }
}
