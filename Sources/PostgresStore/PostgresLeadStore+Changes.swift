import Foundation
import LeadStore
import Synchronization

extension PostgresLeadStore: StoreChangeFeed {
    /// One listening connection for the whole process, however many pages follow it: opened by the first
    /// follower, and kept while the process runs.
    public func leadChanges() -> AsyncStream<Void> {
        changeFanOut.follow(location)
    }
}

/// The followers of `leadmail_leads` in this process, fed from one `PostgresListener`.
final class ChangeFanOut: Sendable {
    private struct State {
        var listener: PostgresListener?
        var followers: [UInt64: AsyncStream<Void>.Continuation] = [:]
        var next: UInt64 = 0
    }

    private let state = Mutex(State())

    func follow(_ location: PostgresLocation) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (id, started) = state.withLock { state -> (UInt64, PostgresListener?) in
            state.next += 1
            state.followers[state.next] = continuation
            guard state.listener == nil else { return (state.next, nil) }
            let listener = PostgresListener(location, channels: [PostgresListener.leadsChannel])
            state.listener = listener
            return (state.next, listener)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.followers.removeValue(forKey: id) }
        }
        if let started {
            Task.detached { [weak self] in
                for await _ in started.notifications {
                    let followers = self?.state.withLock { Array($0.followers.values) } ?? []
                    for follower in followers { follower.yield() }
                }
            }
        }
        return stream
    }
}
