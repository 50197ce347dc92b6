import Foundation
import Synchronization

/// Hears what other hosts commit: a connection of its own that `LISTEN`s to LeadMail's channels
/// (`PostgresSchema`'s `v3-notify` triggers), read on a thread of its own so that no wait blocks Swift's
/// cooperative pool. A notification only says "look again": polling stays the truth, since a notification sent
/// while this connection was down is lost. After a lost connection the listener connects again, with a wait
/// that doubles up to 30 s, and yields once when it is back (something may have been missed meanwhile).
public final class PostgresListener: Sendable {
    /// A reply became due: queued, queued again, or let go by the host that held it.
    public static let outboxChannel = "leadmail_outbox"
    /// Leads or their logs changed.
    public static let leadsChannel = "leadmail_leads"

    /// The channel of each notification, as it comes (merged when they come faster than they are read).
    public let notifications: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let stopped = Atomic<Bool>(false)

    /// Starts listening at once, on a thread of its own; `stop()` ends it.
    public init(_ location: PostgresLocation, channels: [String]) {
        precondition(channels.allSatisfy { $0.allSatisfy { $0.isLetter || $0 == "_" } }, "a channel is a name")
        (notifications, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let thread = Thread { [self] in listen(location, channels: channels) }
        thread.name = "leadmail.postgres.listen"
        thread.start()
    }

    /// Stops listening within half a second; the stream then finishes.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func listen(_ location: PostgresLocation, channels: [String]) {
        var backOff = 0.25
        var missedSome = false
        while !stopped.load(ordering: .relaxed) {
            do {
                let connection = try PostgresConnection(location)
                for channel in channels { try connection.execute("LISTEN \(channel)") }
                if missedSome { for channel in channels { continuation.yield(channel) } }
                (missedSome, backOff) = (false, 0.25)
                while !stopped.load(ordering: .relaxed) {
                    for channel in try connection.notifications(waiting: 500) { continuation.yield(channel) }
                }
            } catch {
                missedSome = true
                Thread.sleep(forTimeInterval: backOff)
                backOff = min(backOff * 2, 30)
            }
        }
        continuation.finish()
    }
}
