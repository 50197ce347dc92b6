import Foundation
import LeadStore
import Leads
import Logging
import SMTP
import Synchronization

/// Sends what waits in the outbox, and decides what to do when the relay says no.
///
/// Each row is claimed by this process before it is sent (so another `leadmail run` leaves it alone), its
/// handover to the relay is recorded just before the final "." of DATA, and only then is it marked sent. After a
/// crash, `recoverAbandoned()` queues again what the relay cannot have, and marks *uncertain* (never resent
/// automatically) what it may have: a reply is sent at most once; see docs/ARCHITECTURE.md.
public struct OutboxWorker: Sendable {
    /// What one pass over the outbox did.
    public struct Report: Sendable, Hashable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
        /// Not sent because the recipient already had an automatic reply within the window.
        public var suppressed = 0
        /// Set when the global rate limit stopped the pass: nothing more goes out before this date.
        public var rateLimitedUntil: Date?
        /// Set when the relay refused our configuration (login, TLS): the pass stopped, the rows wait.
        public var configurationProblem: String?
        /// What is left in the outbox after the pass, by why it waits (`OutboxWorker.waiting(at:)`); set by
        /// `run --once` for its summary, nil after a plain `drain`.
        public var waiting: Waiting?
        public init() {}

        /// Whether the pass stopped before the outbox was empty for a reason another pass now would meet too.
        public var stoppedEarly: Bool { rateLimitedUntil != nil || configurationProblem != nil }

        /// Adds a later pass's counts; its stop reasons, if any, replace these.
        public mutating func add(_ later: Report) {
            sent += later.sent
            retrying += later.retrying
            failed += later.failed
            suppressed += later.suppressed
            rateLimitedUntil = later.rateLimitedUntil ?? rateLimitedUntil
            configurationProblem = later.configurationProblem ?? configurationProblem
        }
    }

    /// Replies not sent yet, by why they wait: the counts `run --once` reports, each kind on its own.
    public struct Waiting: Sendable, Hashable {
        /// Due now and not sent: held by the hourly limit (or a pass that stopped early).
        public var due = 0
        /// Not due yet, never tried: a template's delay.
        public var scheduled = 0
        /// Tried and refused for now: in back-off until their next attempt.
        public var backingOff = 0

        public init() {}

        public var total: Int { due + scheduled + backingOff }
    }

    /// The replies waiting in the outbox now, counted by why they wait; rows another process is sending and
    /// failed rows are not waiting.
    public func waiting() throws -> Waiting {
        let now = clock()
        var waiting = Waiting()
        for entry in try store.outboxEntries(includeSent: false)
        where entry.item.state == .queued && entry.claimedBy == nil {
            if entry.item.attempted || entry.item.attempts > 0 {
                waiting.backingOff += 1
            } else if entry.item.nextAttemptAt > now {
                waiting.scheduled += 1
            } else {
                waiting.due += 1
            }
        }
        return waiting
    }

    let store: any OutboxLedger
    let transport: any MailTransport
    let retry: RetryPolicy
    let limits: DeliveryLimits
    let logger: Logger
    let clock: @Sendable () -> Date
    let identity: ProcessIdentity
    /// What a pass could not write to the store (it was unreachable) about rows this process holds.
    let unsettled = UnsettledClaims()

    public init(
        store: any OutboxLedger, transport: any MailTransport, retry: RetryPolicy = RetryPolicy(),
        limits: DeliveryLimits = DeliveryLimits(), logger: Logger = Logger(label: "leadmail.outbox"),
        clock: @escaping @Sendable () -> Date = Date.init, identity: ProcessIdentity = .current
    ) {
        self.store = store
        self.transport = transport
        self.retry = retry
        self.limits = limits
        self.logger = logger
        self.clock = clock
        self.identity = identity
    }

    /// Sorts out the rows a dead process held: queued again if the relay cannot have them, uncertain if it may.
    @discardableResult
    public func recoverAbandoned() throws -> OutboxRecovery {
        let identity = identity
        let recovery = try store.recoverAbandonedOutbox(
            isAbandoned: identity.isAbandoned, resendIsHarmless: transport is any IdempotentBatchTransport, at: clock())
        if !recovery.requeued.isEmpty {
            logger.notice("outbox: \(recovery.requeued.count) reply(ies) of a stopped process queued again")
        }
        for id in recovery.uncertain {
            logger.error(
                Logger.Message(
                    stringLiteral:
                        "outbox: reply \(id) may have reached the relay before its sender stopped; not resent. "
                        + "See `leadmail outbox`; `leadmail outbox retry \(id)` sends it again"))
        }
        return recovery
    }

    /// Sends every mail that is due, one after another over the transport's connection.
    ///
    /// A send in progress is not interrupted by cancelling the calling task (SIGTERM): it finishes within the
    /// relay timeout, so the reply's fate is known; the pass then stops.
    public func drain(batchSize: Int = 100) async throws -> Report {
        try unsettled.settle(store)
        if let batches = transport as? any IdempotentBatchTransport {
            return try await drain(through: batches, batchSize: batchSize)
        }
        var report = Report()
        while !Task.isCancelled {
            let due = try store.dueUnclaimedOutbox(at: clock(), limit: batchSize)
            if due.isEmpty { return report }
            for item in due {
                if Task.isCancelled { return report }
                if try claim(item, report: &report) {
                    try await send(item, report: &report)
                    if report.configurationProblem != nil { return report }
                } else if report.rateLimitedUntil != nil {
                    return report
                }
            }
            if due.count < batchSize { return report }
        }
        return report
    }

    /// `drain` for a transport that delivers each reply once however often it is asked (the outbox maildir):
    /// a batch is claimed and marked handed over in one commit (so the per-recipient limit sees the earlier
    /// rows of the same batch), delivered at once, and its outcome recorded in a later commit. A crash in
    /// between leaves rows that `recoverAbandoned` simply queues again.
    ///
    /// The writer and the files do not take turns: while one batch is delivered (on the transport's thread),
    /// one commit records the batch before it and claims the batch after it. When the pass stops early (a
    /// configuration problem, a cancelled task), a batch claimed and not yet delivered is given back.
    private func drain(through transport: any IdempotentBatchTransport, batchSize: Int) async throws -> Report {
        var report = Report()
        var delivering: (items: [OutboxItem], results: Task<[Result<DeliveryReceipt, TransportError>], Never>)?
        var delivered: (items: [OutboxItem], results: [Result<DeliveryReceipt, TransportError>])?
        var released: [OutboxItem] = []
        var mayClaim = true
        var deliveries = 0
        while true {
            let due = mayClaim && !Task.isCancelled ? try store.dueUnclaimedOutbox(at: clock(), limit: batchSize) : []
            if due.count < batchSize { mayClaim = false }
            var claimed: [OutboxItem] = []
            if delivered != nil || !released.isEmpty || !due.isEmpty {
                do {
                    try store.inOneTransaction {
                        // Hand-over and finish date each lead's first reply: its people are taken first.
                        try store.holdPeople(ofLeads: (delivered?.items ?? []).map(\.leadID) + due.map(\.leadID))
                        if let delivered { try finish(delivered.items, results: delivered.results, report: &report) }
                        try store.releaseOutbox(ids: released.map(\.id), owner: identity.description)
                        claimed = try claimHandingOver(due, report: &report)
                    }
                } catch {
                    // Nothing of this commit is recorded: the rows in hand stay claimed, as after a failed finish.
                    _ = await delivering?.results.value
                    throw error
                }
                (delivered, released) = (nil, [])
                if report.rateLimitedUntil != nil { mayClaim = false }
            }
            var stopping = Task.isCancelled
            if let flight = delivering {
                let results = await flight.results.value
                (delivered, delivering) = ((flight.items, results), nil)
                // Batches' bytes freed on other threads stay in those threads' malloc arenas: given back every ten
                // batches (a thousand replies), as intake does after a thousand messages.
                deliveries += 1
                if deliveries % 10 == 0 { FreedMemory.giveBack() }
                // The next batch would meet the same refusal: it waits, unclaimed, with the rest.
                if results.contains(where: Self.isConfigurationProblem) { stopping = true }
            }
            if stopping {
                mayClaim = false
                released = claimed
            } else if !claimed.isEmpty {
                let mails = claimed.map { item in
                    KeyedMail(
                        message: item.mail.raw,
                        envelope: Envelope(sender: item.mail.envelopeFrom, recipients: item.mail.recipients),
                        key: item.mail.messageID, mayBeThere: item.attempted)
                }
                // The replies' bytes go with the transport; the outcome's record needs the rest alone.
                delivering = (claimed.map(Self.withoutContent), Task { await transport.deliver(mails) })
            }
            if delivering == nil && delivered == nil && released.isEmpty && !mayClaim { return report }
        }
    }

    private static func withoutContent(_ item: OutboxItem) -> OutboxItem {
        var item = item
        (item.mail.raw, item.mail.text) = ([], "")
        return item
    }

    private static func isConfigurationProblem(_ result: Result<DeliveryReceipt, TransportError>) -> Bool {
        if case .failure(let error) = result { error.kind == .configuration } else { false }
    }

    /// Claims and hands over the due rows of a batch in one write; the ones now this process's to deliver.
    private func claimHandingOver(_ due: [OutboxItem], report: inout Report) throws -> [OutboxItem] {
        guard !due.isEmpty else { return [] }
        let claims = try store.claimOutboxHandingOver(
            ids: due.map(\.id), owner: identity.description, limits: limits, at: clock())
        var claimed: [OutboxItem] = []
        for (item, claim) in zip(due, claims) {
            if take(claim, of: item, report: &report) { claimed.append(item) }
        }
        return claimed
    }

    /// Records what became of a delivered batch: the delivered rows in one write, each failure as it failed.
    private func finish(
        _ items: [OutboxItem], results: [Result<DeliveryReceipt, TransportError>], report: inout Report
    ) throws {
        var sent: [(item: OutboxItem, receipt: DeliveryReceipt)] = []
        for (item, result) in zip(items, results) {
            if case .success(let receipt) = result { sent.append((item, receipt)) }
        }
        try store.finishSent(
            sent.map { SentReply(outboxID: $0.item.id, serverReply: $0.receipt.summary) }, at: clock())
        for (item, receipt) in sent { noteSent(item, receipt: receipt, report: &report) }
        for (item, result) in zip(items, results) {
            // Nothing of a failed delivery is in the maildir: a plain failure, never uncertain.
            if case .failure(let error) = result {
                try recordFailure(error, of: item, handedOver: false, report: &report)
            }
        }
    }

    /// Claims a due row for this process (see `take(_:of:report:)`).
    /// - Returns: whether the row is now this process's to send.
    private func claim(_ item: OutboxItem, report: inout Report) throws -> Bool {
        let claim = try store.claimOutbox(
            id: item.id, owner: identity.description, limits: limits, at: clock(), handingOver: false)
        return take(claim, of: item, report: &report)
    }

    /// What a claim means for the pass. A row over the per-recipient limit is counted as suppressed; the global
    /// limit sets `report.rateLimitedUntil`, after which nothing more may be claimed in this pass.
    /// - Returns: whether the row is now this process's to send.
    private func take(_ claim: OutboxClaim, of item: OutboxItem, report: inout Report) -> Bool {
        switch claim {
        case .claimed:
            return true
        case .unavailable:
            return false
        case .suppressed(let reason):
            logger.warning("\(item.mail.messageID) for L\(item.leadID) \(reason)")
            report.suppressed += 1
            return false
        case .rateLimited(let until):
            logger.warning(
                Logger.Message(
                    stringLiteral: "outbox: the global limit of \(limits.perHour ?? 0) replies per hour is reached; "
                        + "the rest waits until \(until) (setting maxRepliesPerHour)"))
            report.rateLimitedUntil = until
            return false
        }
    }

    private func send(_ item: OutboxItem, report: inout Report) async throws {
        let envelope = Envelope(sender: item.mail.envelopeFrom, recipients: item.mail.recipients)
        let handedOver = HandoverFlag()
        let (store, owner, clock, transport) = (store, identity.description, clock, transport)
        let attempt = Task {
            try await transport.send(item.mail.raw, envelope: envelope) {
                try store.markHandedOver(outboxID: item.id, owner: owner, at: clock())
                handedOver.set()
            }
        }
        let receipt: DeliveryReceipt
        do {
            receipt = try await attempt.value
        } catch let error as TransportError {
            do {
                try recordFailure(error, of: item, handedOver: handedOver.isSet, report: &report)
            } catch {
                // The store went away during the attempt. Not handed over: the relay has nothing, the row goes
                // back to the queue once the store answers. Handed over: it may be there, so it is uncertain.
                let (now, wasHandedOver) = (clock(), handedOver.isSet)
                unsettled.add { store in
                    try store.finishFailed(
                        outboxID: item.id,
                        error: wasHandedOver
                            ? "uncertain: handed to the relay while the store could not be reached; not resent"
                            : "the store could not be reached during the attempt; queued again",
                        retryAt: wasHandedOver ? nil : now, outcome: wasHandedOver ? .uncertain : .expired, at: now)
                }
                throw error
            }
            return
        }
        do {
            try finishSent(item, receipt: receipt, report: &report)
        } catch {
            // The relay has it; the store hears so when it answers again (before this row's lease passes).
            let now = clock()
            unsettled.add { store in try store.finishSent(outboxID: item.id, serverReply: receipt.summary, at: now) }
            throw error
        }
    }

    private func finishSent(_ item: OutboxItem, receipt: DeliveryReceipt, report: inout Report) throws {
        try store.finishSent(outboxID: item.id, serverReply: receipt.summary, at: clock())
        noteSent(item, receipt: receipt, report: &report)
    }

    /// Logs a reply the transport took, and counts it.
    private func noteSent(_ item: OutboxItem, receipt: DeliveryReceipt, report: inout Report) {
        logger.info(
            Logger.Message(
                stringLiteral: "sent \(item.mail.messageID) to \(item.mail.recipients.joined(separator: ", ")) for "
                    + "L\(item.leadID): \(receipt.serverReply)"))
        for refused in receipt.refusedRecipients {
            logger.warning(
                Logger.Message(
                    stringLiteral: "the relay refused \(refused.address) for \(item.mail.messageID) (L\(item.leadID)): "
                        + "\(refused.serverReply); the other recipients got it, this one did not"))
        }
        report.sent += 1
    }

    /// Temporary failures are retried with backoff until the deadline; 5xx fails the mail for good; a failure
    /// after the handover without an SMTP answer (a timeout waiting for the "250") is uncertain, not retried.
    private func recordFailure(
        _ error: TransportError, of item: OutboxItem, handedOver: Bool, report: inout Report
    ) throws {
        let now = clock()
        if handedOver && error.responseCode == nil {
            let reason =
                "uncertain: the connection failed after the whole message was handed to the relay, "
                + "before its answer, so it may have been delivered; not resent automatically (\(error))"
            try store.finishFailed(outboxID: item.id, error: reason, retryAt: nil, outcome: .uncertain, at: now)
            logger.error("\(item.mail.messageID) for L\(item.leadID): \(reason)")
            report.failed += 1
            return
        }
        let pastDeadline = now.timeIntervalSince(item.createdAt) >= retry.seconds(retry.deadline)
        let retryable = error.kind == .temporary || error.kind == .configuration
        let retryAt: Date? =
            (retryable && !pastDeadline) ? now.addingTimeInterval(retry.delay(afterAttempts: item.attempts + 1)) : nil
        let outcome: OutboxOutcome = retryable ? .expired : .rejected
        try store.finishFailed(outboxID: item.id, error: error.description, retryAt: retryAt, outcome: outcome, at: now)
        if error.kind == .configuration {
            report.configurationProblem = error.description
        }
        if let retryAt {
            logger.warning(
                Logger.Message(
                    stringLiteral:
                        "delivery of \(item.mail.messageID) for L\(item.leadID) failed, retrying at \(retryAt): "
                        + "\(error)"))
            report.retrying += 1
        } else {
            logger.error(
                Logger.Message(
                    stringLiteral: "delivery of \(item.mail.messageID) for L\(item.leadID) failed for good "
                        + "(\(outcome.rawValue)): \(error)"))
            report.failed += 1
        }
    }
}

/// The outcomes of this process's own rows that the store could not take when they happened (it was
/// unreachable): written first thing in the next pass, so that a reply the relay has is marked sent rather than
/// left to its lease (and to be judged uncertain), and one the relay never had is queued again at once.
final class UnsettledClaims: Sendable {
    private let pending = Mutex<[@Sendable (any OutboxLedger) throws -> Void]>([])

    func add(_ outcome: @escaping @Sendable (any OutboxLedger) throws -> Void) {
        pending.withLock { $0.append(outcome) }
    }

    /// Writes the pending outcomes in order. - Throws: the store's error; what was not written stays pending.
    func settle(_ store: any OutboxLedger) throws {
        let outcomes = pending.withLock { $0 }
        var written = 0
        defer { pending.withLock { $0.removeFirst(written) } }
        for outcome in outcomes {
            try outcome(store)
            written += 1
        }
    }
}

/// Set from the transport's handover hook (on libcurl's thread), read afterwards by the worker.
final class HandoverFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
