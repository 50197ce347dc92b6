import Foundation
import Logging
import Maildir
import PostgresStore
import ServiceLifecycle
import UnixSignals

extension LeadMailService {
    /// `leadmail run` as services in one group: the outbox (send), the timed lead rules, intake (watch, record,
    /// file), so that mail keeps being recorded while a relay is slow, stalled or down and while the rules sweep
    /// the leads, and `alongside` (the web workspace when leadmail.yml has `web:`). Shutdown on SIGTERM or SIGINT
    /// goes in reverse order: what runs alongside first, then intake (it finishes the message in hand), the rules
    /// (they finish their sweep), then the outbox (it finishes the reply in hand).
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [], logger: Logger? = nil,
        alongside: [ServiceGroupConfiguration.ServiceConfiguration] = []
    ) -> ServiceGroup {
        let signal = WakeSignal()
        let rulesSignal = WakeSignal()
        let outboxService = OutboxService(service: self, signal: signal)
        let rulesService = LeadRulesService(service: self, signal: rulesSignal, outbox: signal)
        let intakeService = IntakeService(service: self, signal: signal, rules: rulesSignal)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: outboxService, successTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "outbox"),
                .init(
                    service: rulesService, successTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "lead rules"),
                .init(
                    service: intakeService, successTerminationBehavior: .gracefullyShutdownGroup,
                    serviceName: "intake"),
            ] + notifications(waking: signal) + alongside,
            logger: logger ?? self.logger)
        configuration.gracefulShutdownSignals = gracefulShutdownSignals
        return ServiceGroup(configuration: configuration)
    }
}

extension LeadMailService {
    /// On PostgreSQL, a listener that wakes the outbox as soon as any host (or a command) queued a reply, rather
    /// than at this host's next poll; none on SQLite, where the poll is the only wake.
    func notifications(waking signal: WakeSignal) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let postgres = store as? PostgresLeadStore else { return [] }
        return [
            .init(
                service: OutboxNotificationService(location: postgres.location, signal: signal),
                successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "outbox notifications")
        ]
    }
}

/// Listens for `leadmail_outbox` (PostgreSQL's NOTIFY, on the commit that queued a reply) and wakes the outbox.
/// A lost notification costs only time: the outbox still looks at every wake of intake.
struct OutboxNotificationService: Service {
    let location: PostgresLocation
    let signal: WakeSignal

    func run() async throws {
        let listener = PostgresListener(location, channels: [PostgresListener.outboxChannel])
        defer { listener.stop() }
        for await _ in listener.notifications.cancelOnGracefulShutdown() { signal.wake() }
    }
}

/// Wakes a service: the outbox when a round queued replies or time passed (retries fall due), the lead rules at
/// every wake of intake. Wake-ups that arrive while the service works are merged into one.
struct WakeSignal: Sendable {
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
    let signal: WakeSignal
    let rules: WakeSignal

    func run() async throws {
        try await service.runIntake(wakingOutbox: signal, rules: rules)
    }
}

/// The lead rules that depend on the time rather than on a message (catch-up, overdue reassignment, reminders,
/// the morning digest), swept at each wake of intake (at least every poll interval) but never inside intake's
/// round: a long sweep neither delays the recording of mail nor is delayed by a backlog. The staff mail the rules
/// queue wakes the outbox.
struct LeadRulesService: Service {
    let service: LeadMailService
    let signal: WakeSignal
    let outbox: WakeSignal

    func run() async throws {
        for await _ in signal.wakeUps.cancelOnGracefulShutdown() {
            await service.sweepLeadsOffThePool()
            outbox.wake()
        }
    }
}

/// Sends what is due whenever intake queued replies or its watcher woke (at least every poll interval).
struct OutboxService: Service {
    let service: LeadMailService
    let signal: WakeSignal

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
