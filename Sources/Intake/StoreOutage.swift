import Foundation
import PostgresStore

/// The shared store cannot be reached (PostgreSQL restarting, failing over, the network away): `leadmail run`
/// does not stop for it. The messages stay in new/ and the replies in the outbox; intake tries again after
/// `retryIn`, doubling the wait up to a minute, and says so once, then once more when the store is back.
public struct StoreOutage: Error, CustomStringConvertible, Sendable {
    public var store: String
    public var reason: String
    public var retryIn: Duration

    /// The outage `error` is, when it is one: a lost or refused connection, not a refusal of the set-up.
    public init?(_ error: any Error, store: String, retryIn: Duration) {
        guard let error = error as? PostgresError, error.isConnectionLost else { return nil }
        self.store = store
        reason = error.message
        self.retryIn = retryIn
    }

    public var description: String {
        let seconds = Double(retryIn.components.seconds) + Double(retryIn.components.attoseconds) / 1e18
        return "the store \(store) cannot be reached (\(reason)); waiting \(seconds) s, then trying again (longer "
            + "each time, up to a minute): messages stay in new/, replies in the outbox, nothing is lost"
    }
}
