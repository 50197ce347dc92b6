import Foundation
import LeadStore
import Leads

/// What a retry of one outbox row did.
public enum OutboxRetry: Sendable, Hashable {
    /// This many replies are due again (0 when `--all` found no failed reply).
    case requeued(Int)
    /// The row is sent, being sent, or unknown: nothing to retry.
    case notWaiting
    /// The row ended with an outcome someone or a limit decided, or the relay may have it: it goes again only
    /// with the operator's confirmation.
    case needsConfirmation(OutboxOutcome)
}

/// The outbox as the operator works it: what waits or failed, with every attempt, and the levers on it (retry,
/// cancel). All of it needs the `outbox` right, since the outbox holds replies to every lead.
extension LeadDesk {
    /// Every reply that is not sent (every reply with `includeSent`), oldest first.
    public func outbox(includeSent: Bool, by user: User) async throws -> [OutboxEntry] {
        try permissions.check(.outbox, by: user)
        return try await records.read { tx in try tx.outboxEntries(includeSent: includeSent) }
    }

    /// One row with its attempts, or nil when there is no such row.
    public func outboxRow(_ id: Int64, by user: User) async throws -> (entry: OutboxEntry, attempts: [OutboxAttempt])? {
        try permissions.check(.outbox, by: user)
        return try await records.read { tx in
            guard let entry = try tx.outboxEntries(includeSent: true).first(where: { $0.item.id == id }) else {
                return nil
            }
            return (entry, try tx.outboxAttempts(outboxID: id))
        }
    }

    /// Queues one row (by its ID) or every reply that failed in delivery (nil) again, due now.
    public func retryOutbox(_ id: Int64?, confirmed: Bool, by user: User) async throws -> OutboxRetry {
        try permissions.check(.outbox, by: user)
        let now = clock()
        let result = try await records.write { tx in
            try tx.requeueOutbox(id: id, confirmed: confirmed, by: user.actorName, at: now)
        }
        switch result {
        case .needsConfirmation(let outcome):
            return .needsConfirmation(outcome)
        case .requeued(let count):
            if id != nil, count == 0 { return .notWaiting }
            if count > 0 { workflow.logger.notice("\(count) outbox row(s) queued again by \(user.actorName)") }
            return .requeued(count)
        }
    }

    /// Drops a reply that is not sent; false when it is sent, being sent, or unknown.
    public func cancelOutbox(_ id: Int64, by user: User) async throws -> Bool {
        try permissions.check(.outbox, by: user)
        let now = clock()
        let cancelled = try await records.write { tx in try tx.cancelOutbox(id: id, by: user.actorName, at: now) }
        if cancelled { workflow.logger.notice("outbox row \(id) cancelled by \(user.actorName)") }
        return cancelled
    }
}
