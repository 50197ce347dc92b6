import Foundation
import Logging
import Maildir
import ServiceLifecycle
import UnixSignals

extension LeadMailService {
    /// `leadmail run` as services in one group: intake (watch, record, file) and the outbox (send), so that
    /// mail keeps being recorded while a relay is slow, stalled or down, and `alongside` (the web workspace when
    /// leadmail.yml has `web:`). Shutdown on SIGTERM or SIGINT goes in reverse order: what runs alongside first,
    /// then intake (it finishes the message in hand), then the outbox (it finishes the reply in hand).
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [], logger: Logger? = nil,
        alongside: [ServiceGroupConfiguration.ServiceConfiguration] = []
    ) -> ServiceGroup {
        let signal = OutboxSignal()
        let outboxService = OutboxService(service: self, signal: signal)
        let intakeService = IntakeService(service: self, signal: signal)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: outboxService, successTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "outbox"),
                .init(
                    service: intakeService, successTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "intake"),
            ] + alongside,
            logger: logger ?? self.logger)
        configuration.gracefulShutdownSignals = gracefulShutdownSignals
        return ServiceGroup(configuration: configuration)
    }
}

/// Wakes the outbox service: a round queued replies, or time passed (retries fall due). Wake-ups that arrive
/// while it sends are merged into one.
struct OutboxSignal: Sendable {
    let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (wakeUps, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.yield()
    }

    func wake() { continuation.yield() }
}

/// Watches the mailbox and records what arrives, in new/ or already in cur/; never waits for SMTP.
struct IntakeService: Service {
    let service: LeadMailService
    let signal: OutboxSignal

    func run() async throws {
        try await service.runIntake(wakingOutbox: signal)
    }
}

/// Sends what is due whenever intake queued replies or its watcher woke (at least every poll interval).
struct OutboxService: Service {
    let service: LeadMailService
    let signal: OutboxSignal

    func run() async throws {
        let outbox = service.outbox
        for await _ in signal.wakeUps.cancelOnGracefulShutdown() {
            do {
                // SIGTERM ends the pass after the reply in hand (`drain` stops between replies when cancelled).
                _ = try await cancelWhenGracefulShutdown { try await outbox.drain() }
            } catch {
                service.logger.error("outbox: \(error)")
            }
            service.checkpointIfLogIsLong()
        }
    }
}
