import Foundation
import Leads

/// The outbox bookkeeping that makes sending crash-safe and shareable between processes.
///
/// A row is *claimed* by one process before it is sent (so two `leadmail run` processes never send it both),
/// *handed over* just before the relay may have it, and then marked sent or failed. Every attempt is kept with
/// the relay's reply. After a crash, `recoverAbandonedOutbox` sorts the rows the dead process held: not handed
/// over → queued again (the relay cannot have them); handed over → failed as `uncertain`, never resent
/// automatically, because the relay may already have delivered them.
public protocol OutboxLedger: LeadStore {
    /// Due rows nobody holds, oldest first.
    func dueUnclaimedOutbox(at now: Date, limit: Int) throws -> [OutboxItem]
    /// Takes a due row for `owner`, checking the per-recipient and global limits in the same transaction.
    /// The claim need not survive a power cut until `markHandedOver`, whose durable commit carries it to disk: a
    /// lost claim only leaves the row queued, and nothing can have been sent for it.
    ///
    /// With `handingOver`, the claim also records the handover (`markHandedOver` in the same statement), for a
    /// batch that is handed over as a whole once its claims are committed (the outbox maildir's): one update per
    /// reply instead of two. The caller's commit must then be durable before the batch is handed over.
    func claimOutbox(id: Int64, owner: String, limits: DeliveryLimits, at now: Date, handingOver: Bool) throws
        -> OutboxClaim
    /// `claimOutbox(…, handingOver: true)` for each of `ids` in turn, in one write: each claim sees the ones
    /// before it (the per-recipient and hourly limits count them), and the claims stop at the first
    /// `.rateLimited`. For a batch handed over as a whole (the outbox maildir's), where a statement per row was
    /// most of a claim's cost.
    /// - Returns: one claim per id, in order, up to and including a `.rateLimited`.
    func claimOutboxHandingOver(ids: [Int64], owner: String, limits: DeliveryLimits, at now: Date) throws
        -> [OutboxClaim]
    /// Gives back rows this process claimed and never handed to the transport (a pass that stopped with them in
    /// hand): queued as before, with nothing in their attempts, since nothing was tried.
    func releaseOutbox(ids: [Int64], owner: String) throws
    /// Records that the transport is about to hand the mail over (see `MailTransport`'s handover hook).
    func markHandedOver(outboxID: Int64, owner: String, at now: Date) throws
    /// The relay accepted the mail: sent, the attempt logged, the claim released.
    func finishSent(outboxID: Int64, serverReply: String, at now: Date) throws
    /// `finishSent` for each reply of a batch (each row once), in one write.
    func finishSent(_ replies: [SentReply], at now: Date) throws
    /// The attempt failed: queued again at `retryAt`, or failed for good with `outcome` when it is nil.
    func finishFailed(
        outboxID: Int64, error: String, retryAt: Date?, outcome: OutboxOutcome, at now: Date
    ) throws
    /// Releases the rows of owners `isAbandoned` says are gone; see the type's documentation. With
    /// `resendIsHarmless` (the transport delivers each reply once however often it is asked, like the outbox
    /// maildir) a row that was handed over is queued again too, not marked uncertain.
    func recoverAbandonedOutbox(isAbandoned: (String) -> Bool, resendIsHarmless: Bool, at now: Date) throws
        -> OutboxRecovery
    /// Queues a row again, due now. nil takes every reply that *failed* (rejected or expired): rows that ended
    /// as someone decided (cancelled), as a limit decided (suppressed, undeliverable) or that the relay may
    /// already have (uncertain) are left alone. One row by its ID is queued when it is waiting or failed; one of
    /// those decided outcomes only `confirmed`, otherwise the answer says which outcome needs the confirmation.
    /// `by` names who did it in the row's attempts and the lead's log.
    func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue
    /// Drops a row that is not sent: it fails as `cancelled`, and the lead's log says so, with `by`. False if not
    /// found, or already cancelled.
    func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool
    /// Every row that is not sent, with its bookkeeping, for `leadmail outbox`.
    func outboxEntries(includeSent: Bool) throws -> [OutboxEntry]
    /// The attempts for one row, oldest first.
    func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt]
}

/// Loop and abuse limits, enforced when a reply is claimed for sending.
public struct DeliveryLimits: Sendable, Hashable {
    /// At most this many replies to one address within `perRecipientWindow`; nil for no limit.
    public var perRecipient: Int?
    public var perRecipientWindow: TimeInterval
    /// At most this many replies in any hour, across all processes; nil for no limit.
    public var perHour: Int?

    public init(perRecipient: Int? = 1, perRecipientWindow: TimeInterval = 24 * 3600, perHour: Int? = nil) {
        self.perRecipient = perRecipient
        self.perRecipientWindow = perRecipientWindow
        self.perHour = perHour
    }
}

/// What `claimOutbox` decided.
public enum OutboxClaim: Sendable, Hashable {
    /// This process now holds the row and must send it.
    case claimed
    /// Another process holds it, or it is no longer due.
    case unavailable
    /// The per-recipient limit was reached: the row failed as `suppressed` with this explanation.
    case suppressed(String)
    /// The global limit was reached; nothing may be sent before this date.
    case rateLimited(until: Date)
}

extension OutboxLedger {
    /// Recovery for a relay, which may have delivered what was handed over: those rows become uncertain.
    public func recoverAbandonedOutbox(isAbandoned: (String) -> Bool, at now: Date) throws -> OutboxRecovery {
        try recoverAbandonedOutbox(isAbandoned: isAbandoned, resendIsHarmless: false, at: now)
    }
}

/// A reply the transport took, with its answer, for `finishSent(_:at:)`.
public struct SentReply: Sendable, Hashable {
    public var outboxID: Int64
    public var serverReply: String

    public init(outboxID: Int64, serverReply: String) {
        self.outboxID = outboxID
        self.serverReply = serverReply
    }
}

extension OutboxLedger {
    /// One claim after the other, each a write of its own: what a batch claim is by definition.
    public func claimOutboxHandingOver(ids: [Int64], owner: String, limits: DeliveryLimits, at now: Date) throws
        -> [OutboxClaim]
    {
        var claims: [OutboxClaim] = []
        for id in ids {
            let claim = try claimOutbox(id: id, owner: owner, limits: limits, at: now, handingOver: true)
            claims.append(claim)
            if case .rateLimited = claim { break }
        }
        return claims
    }

    /// One `finishSent` after the other.
    public func finishSent(_ replies: [SentReply], at now: Date) throws {
        for reply in replies {
            try finishSent(outboxID: reply.outboxID, serverReply: reply.serverReply, at: now)
        }
    }
}

/// What `recoverAbandonedOutbox` did.
public struct OutboxRecovery: Sendable, Hashable {
    /// Rows queued again: their process died before the relay could have them.
    public var requeued: [Int64] = []
    /// Rows failed as uncertain: their process died after handing them over.
    public var uncertain: [Int64] = []
    public init() {}
}

extension OutboxLedger {
    /// Queues one row again without a confirmation, or every failed one (nil); how many were queued.
    public func requeueOutbox(id: Int64?, at now: Date) throws -> Int {
        try requeueOutbox(id: id, confirmed: false, at: now).count
    }

    /// A retry by the operator at the command line.
    public func requeueOutbox(id: Int64?, confirmed: Bool, at now: Date) throws -> OutboxRequeue {
        try requeueOutbox(id: id, confirmed: confirmed, by: "the operator", at: now)
    }

    /// A cancellation by the operator at the command line.
    public func cancelOutbox(id: Int64, at now: Date) throws -> Bool {
        try cancelOutbox(id: id, by: "the operator", at: now)
    }

    /// A claim alone; the handover is recorded later by `markHandedOver`.
    public func claimOutbox(id: Int64, owner: String, limits: DeliveryLimits, at now: Date) throws -> OutboxClaim {
        try claimOutbox(id: id, owner: owner, limits: limits, at: now, handingOver: false)
    }
}
