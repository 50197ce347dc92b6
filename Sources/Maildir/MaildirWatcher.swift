/// Tells a consumer when to look at a maildir's new/ directory again.
///
/// Yields once right away (so messages that arrived while LeadMail was down get processed), then whenever new/
/// may hold new messages: on inotify events (a message renamed into or finished writing in new/) and, as a safety
/// net against missed events or file systems without inotify, at least every `pollInterval`. Wake-ups that
/// arrive while the consumer is busy are merged into one. Cancelling the consuming task ends the sequence.
///
/// ```swift
/// for await _ in MaildirWatcher(maildir: inbox) {
///     for message in try inbox.newMessages() { … }
/// }
/// ```
public struct MaildirWatcher: AsyncSequence, Sendable {
    public typealias Element = Void
    public typealias Failure = Never

    /// The maildir whose new/ directory is watched.
    public let maildir: Maildir
    /// The longest time between two wake-ups; the polling period when inotify is off or unavailable.
    public let pollInterval: Duration
    /// Whether to try inotify; when `false`, or when inotify cannot be set up, only polling is used.
    public let useInotify: Bool

    public init(maildir: Maildir, pollInterval: Duration = .seconds(1), useInotify: Bool = true) {
        self.maildir = maildir
        self.pollInterval = pollInterval
        self.useInotify = useInotify
    }

    /// Starts watching; each iterator has its own background monitor, stopped when the iteration ends.
    public func makeAsyncIterator() -> AsyncIterator {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.yield()
        let monitor = NewDirectoryMonitor(
            directory: maildir.newDirectory, pollInterval: pollInterval, useInotify: useInotify
        )
        continuation.onTermination = { _ in monitor.stop() }
        monitor.start(notifying: continuation)
        return AsyncIterator(base: stream.makeAsyncIterator(), usesInotify: monitor.usesInotify)
    }

    /// Waits for the next wake-up; returns `nil` once the consuming task is cancelled.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<Void>.Iterator
        /// Whether inotify is in use; `false` means this iterator only polls.
        public let usesInotify: Bool

        public mutating func next() async -> Void? {
            await base.next()
        }
    }
}
