import Foundation
import Leads

/// Which leads to list.
public struct LeadQuery: Sendable, Hashable {
    public var status: LeadStatus?
    public var source: String?
    public var campaign: String?
    /// nil lists every match.
    public var limit: Int?

    public init(status: LeadStatus? = nil, source: String? = nil, campaign: String? = nil, limit: Int? = nil) {
        self.status = status
        self.source = source
        self.campaign = campaign
        self.limit = limit
    }
}

/// The persistence the pipeline needs, shaped so that a PostgreSQL store can stand beside the SQLite one.
///
/// The central promise is `recordInbound`: the inbound message, the lead change and the queued reply commit in one
/// transaction, and a message already recorded (same Message-ID or fingerprint) changes nothing. That is what lets
/// the pipeline re-run a message after a crash without double leads or double replies.
public protocol LeadStore: Sendable {
    /// Records an inbound message, opening or extending a lead, and queues the reply `compose` returns.
    ///
    /// - Parameters:
    ///   - compose: called inside the transaction once the lead is known, with the outcome so far; returns the
    ///     reply to queue, or nil. If it throws, nothing is recorded and the error is rethrown.
    /// - Returns: the outcome and the reply that was queued, if any.
    func recordInbound(
        _ message: InboundMessage, at now: Date,
        compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?)

    /// Moves a lead to another status (a closed lead no longer takes repeat enquiries).
    func setStatus(leadID: Int64, to status: LeadStatus, at now: Date) throws

    func leads(_ query: LeadQuery) throws -> [Lead]
    func lead(id: Int64) throws -> Lead?
    /// The lead's communications log, oldest first.
    func communications(leadID: Int64) throws -> [Communication]

    /// Queued mail whose time has come, oldest first.
    func dueOutbox(at now: Date, limit: Int) throws -> [OutboxItem]
    /// Everything in the outbox that is not sent, for `leadmail outbox`.
    func pendingOutbox() throws -> [OutboxItem]
    /// The relay accepted the mail: mark it and its log entry sent.
    func markSent(outboxID: Int64, serverReply: String, at now: Date) throws
    /// A delivery attempt failed: retry at `retryAt`, or give up (`retryAt == nil`) and mark the log entry failed.
    func markAttemptFailed(outboxID: Int64, error: String, retryAt: Date?, at now: Date) throws
}
