import Dispatch
import Maildir

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        do throws(MaildirError) {
            try maildir.create()
            let delivered = try maildir.deliver(Self.withTraceHeaders(message, envelope: envelope))
            return DeliveryReceipt(serverReply: "250 2.0.0 Delivered to \(delivered.path)")
        } catch {
            throw Self.transportError(error)
        }
    }

    /// Our own message bytes plus what a delivery agent adds: `Return-Path:` and one `Delivered-To:` per
    /// recipient, with the message's own line ending.
    static func withTraceHeaders(_ message: [UInt8], envelope: Envelope) -> [UInt8] {
        traceHeaders(of: message, envelope: envelope) + message
    }

    /// The `Return-Path:` and `Delivered-To:` lines alone, for a batch that writes them before each message
    /// without a copy of the message.
    static func traceHeaders(of message: [UInt8], envelope: Envelope) -> [UInt8] {
        let lineEnding: [UInt8] = usesCRLF(message) ? [0x0D, 0x0A] : [0x0A]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * (envelope.recipients.count + 1))
        bytes += Array("Return-Path: <\(CurlSession.bareAddress(envelope.sender))>".utf8) + lineEnding
        for recipient in envelope.recipients {
            bytes += Array("Delivered-To: \(CurlSession.bareAddress(recipient))".utf8) + lineEnding
        }
        return bytes
    }

    static func transportError(_ error: MaildirError) -> TransportError {
        let kind: TransportError.Kind =
            [EACCES, EPERM, ENOTDIR, EROFS].contains(error.errorNumber ?? 0)
            ? .configuration : .temporary
        return TransportError(kind: kind, message: "Could not write to the outbox maildir: \(error)")
    }

    /// Whether the first line of the message ends with CRLF.
    static func usesCRLF(_ message: [UInt8]) -> Bool {
        guard let newline = message.firstIndex(of: 0x0A) else { return false }
        return newline > 0 && message[newline - 1] == 0x0D
    }
}

extension FileTransport: IdempotentBatchTransport {
    /// Each mail becomes the file `outbox.KEY` (the key made safe for a file name), skipped when that file is
    /// already in new/ or cur/; one fsync of new/ for the batch.
    ///
    /// The files are written on a thread of the transport's own, never on Swift's cooperative pool: the caller
    /// records and claims other batches meanwhile.
    public func deliver(_ batch: [KeyedMail]) async -> [Result<DeliveryReceipt, TransportError>] {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: deliverNow(batch)) }
        }
    }

    /// The outbox maildir's writes, one batch at a time.
    private static let queue = DispatchQueue(label: "leadmail.outbox-maildir", qos: .userInitiated)

    private func deliverNow(_ batch: [KeyedMail]) -> [Result<DeliveryReceipt, TransportError>] {
        var results = [Result<DeliveryReceipt, TransportError>?](repeating: nil, count: batch.count)
        var named: [(index: Int, message: Maildir.NamedMessage)] = []
        for (index, mail) in batch.enumerated() {
            do throws(TransportError) {
                try CurlSMTPTransport.validate(mail.envelope)
                named.append(
                    (
                        index,
                        Maildir.NamedMessage(
                            name: Self.fileName(forKey: mail.key),
                            prefix: Self.traceHeaders(of: mail.message, envelope: mail.envelope),
                            bytes: mail.message, mayBeThere: mail.mayBeThere)
                    ))
            } catch {
                results[index] = .failure(error)
            }
        }
        do throws(MaildirError) {
            try maildir.create()
        } catch {
            return batch.indices.map { results[$0] ?? .failure(Self.transportError(error)) }
        }
        for (entry, outcome) in zip(named, maildir.deliverOnce(named.map(\.message))) {
            results[entry.index] =
                switch outcome {
                case .success(.delivered(let file)):
                    .success(DeliveryReceipt(serverReply: "250 2.0.0 Delivered to \(file.path)"))
                case .success(.alreadyThere(let path)):
                    .success(DeliveryReceipt(serverReply: "250 2.0.0 Already delivered to \(path) (not written twice)"))
                case .failure(let error): .failure(Self.transportError(error))
                }
        }
        return results.map { $0! }
    }

    /// `outbox.` and the key with every byte that is not a letter, digit, `.`, `-`, `_`, `@`, `+` or `=` as `_`
    /// (no `/` or `:`, which a maildir name cannot hold), cut to 200 bytes.
    static func fileName(forKey key: String) -> String {
        let allowed = Set(".-_@+=".utf8)
        let safe = key.utf8.prefix(200).map { byte -> UInt8 in
            let isAlphanumeric =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
                || (0x61...0x7A).contains(byte)
            return isAlphanumeric || allowed.contains(byte) ? byte : UInt8(ascii: "_")
        }
        return "outbox." + String(decoding: safe, as: UTF8.self)
    }
}
