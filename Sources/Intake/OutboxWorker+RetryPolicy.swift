import Foundation

extension OutboxWorker {
    /// How long to wait between attempts, and when to give up.
    public struct RetryPolicy: Sendable {
        public var firstDelay: Duration
        public var maximumDelay: Duration
        /// After this long since the mail was queued, a temporary failure becomes final (`expired`).
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
}
