import Foundation
import Leads
import LeadStore
import Logging
import SMTP

/// Sends what waits in the outbox, and decides what to do when the relay says no.
///
/// A mail is marked sent only after the relay accepted it, so a crash mid-send means at worst one retry of a
/// message the relay may already have; its Message-ID is stable, so the recipient's side can tell.
public struct OutboxWorker: Sendable {
    /// How long to wait between attempts, and when to give up.
    public struct RetryPolicy: Sendable {
        public var firstDelay: Duration
        public var maximumDelay: Duration
        /// After this long since the mail was queued, a temporary failure becomes final.
        public var deadline: Duration

        public init(
            firstDelay: Duration = .seconds(60), maximumDelay: Duration = .seconds(3600),
            deadline: Duration = .seconds(3 * 24 * 3600)
        ) {
            self.firstDelay = firstDelay
            self.maximumDelay = maximumDelay
            self.deadline = deadline
        }

        /// Exponential backoff with ±20 % jitter, so that a queue does not hammer a relay that just came back.
        func delay(afterAttempts attempts: Int) -> TimeInterval {
            let base = seconds(firstDelay) * pow(2, Double(max(attempts - 1, 0)))
            let capped = min(base, seconds(maximumDelay))
            return capped * Double.random(in: 0.8...1.2)
        }

        func seconds(_ duration: Duration) -> TimeInterval {
            let parts = duration.components
            return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
        }
    }

    /// What one pass over the outbox did.
    public struct Report: Sendable, Hashable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        public init() {}
    }

    let store: any LeadStore
    let transport: any MailTransport
    let retry: RetryPolicy
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(
        store: any LeadStore, transport: any MailTransport, retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "leadmail.outbox"), clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.transport = transport
        self.retry = retry
        self.logger = logger
        self.clock = clock
    }

    /// Sends every mail that is due, one after another over the transport's connection.
    public func drain(batchSize: Int = 100) async throws -> Report {
        var report = Report()
        while true {
            let due = try store.dueOutbox(at: clock(), limit: batchSize)
            if due.isEmpty { return report }
            for item in due {
                try await send(item, report: &report)
            }
            if due.count < batchSize { return report }
        }
    }

    private func send(_ item: OutboxItem, report: inout Report) async throws {
        let envelope = Envelope(sender: item.mail.envelopeFrom, recipients: item.mail.recipients)
        let receipt: DeliveryReceipt
        do {
            receipt = try await transport.send(item.mail.raw, envelope: envelope)
        } catch {
            try recordFailure(error, of: item, report: &report)
            return
        }
        try store.markSent(outboxID: item.id, serverReply: receipt.serverReply, at: clock())
        logger.info("sent \(item.mail.messageID) to \(item.mail.recipients.joined(separator: ", ")) for L\(item.leadID)")
        report.sent += 1
    }

    /// Temporary failures are retried with backoff until the deadline; anything else fails the mail for good.
    private func recordFailure(_ error: TransportError, of item: OutboxItem, report: inout Report) throws {
        let now = clock()
        let pastDeadline = now.timeIntervalSince(item.createdAt) >= retry.seconds(retry.deadline)
        let retryAt: Date? =
            (error.kind == .temporary && !pastDeadline)
            ? now.addingTimeInterval(retry.delay(afterAttempts: item.attempts + 1)) : nil
        try store.markAttemptFailed(outboxID: item.id, error: error.description, retryAt: retryAt, at: now)
        if let retryAt {
            logger.warning("delivery of \(item.mail.messageID) for L\(item.leadID) failed, retrying at \(retryAt): \(error)")
            report.retrying += 1
        } else {
            logger.error("delivery of \(item.mail.messageID) for L\(item.leadID) failed for good: \(error)")
            report.failed += 1
        }
    }
}
