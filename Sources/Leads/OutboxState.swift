import Foundation

// The outbox as people see it: why a reply ended failed, its bookkeeping and attempts, and what a retry did.
// Plain values shared by the store that keeps them and the core that shows them.

/// Why a row ended `failed`.
public enum OutboxOutcome: String, Sendable, Hashable, Codable {
    /// The relay refused it for good (5xx) or the configuration cannot send it.
    case rejected
    /// Temporary failures went on past the outbox deadline.
    case expired
    /// The process stopped after handing it to the relay and before the relay's answer: probably delivered.
    case uncertain
    /// Dropped by `leadmail outbox cancel`.
    case cancelled
    /// Not sent: the address already had its automatic reply within the per-recipient window.
    case suppressed
    /// Sent, and returned by the recipient's mail system: the address does not take mail (a bounce).
    case bounced
    /// Not sent: an earlier mail to the address bounced.
    case undeliverable

    /// Outcomes that a person or a rule decided, or where the relay may already have the mail: `outbox retry
    /// --all` leaves them, and a retry by ID needs a confirmation.
    public var needsConfirmationToRetry: Bool {
        switch self {
        case .rejected, .expired: false
        case .uncertain, .cancelled, .suppressed, .bounced, .undeliverable: true
        }
    }
}

/// What `requeueOutbox` did.
public enum OutboxRequeue: Sendable, Hashable {
    /// This many rows are queued again (0: no such row waiting or failed).
    case requeued(Int)
    /// The row ended with this outcome; sending it again needs the operator's confirmation.
    case needsConfirmation(OutboxOutcome)

    /// How many rows were queued again.
    public var count: Int {
        if case .requeued(let count) = self { count } else { 0 }
    }
}

/// A row of the outbox with its delivery bookkeeping.
public struct OutboxEntry: Sendable, Hashable {
    public var item: OutboxItem
    public var outcome: OutboxOutcome?
    public var claimedBy: String?
    public var handedOverAt: Date?

    public init(item: OutboxItem, outcome: OutboxOutcome?, claimedBy: String?, handedOverAt: Date?) {
        self.item = item
        self.outcome = outcome
        self.claimedBy = claimedBy
        self.handedOverAt = handedOverAt
    }
}

/// One delivery attempt, or an operator's action, as the lead's log shows it.
public struct OutboxAttempt: Sendable, Hashable, Codable {
    public var outboxID: Int64
    public var leadID: Int64
    public var date: Date
    /// sent, deferred, rejected, expired, uncertain, requeued, cancelled, suppressed, interrupted
    public var result: String
    /// The relay's reply or the error, in its words.
    public var reply: String?
    /// `host:pid` of the process that made the attempt.
    public var process: String?

    public init(
        outboxID: Int64, leadID: Int64, date: Date, result: String, reply: String?, process: String?
    ) {
        self.outboxID = outboxID
        self.leadID = leadID
        self.date = date
        self.result = result
        self.reply = reply
        self.process = process
    }
}
