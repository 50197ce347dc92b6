import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells a consumer when to look at a maildir again, and which files a mail client moved into cur/.
///
/// Yields once right away (so messages that arrived while LeadMail was down get processed: that first wake asks
/// for a look at the whole of cur/), then whenever new/ may hold new messages or cur/ gained a file: on inotify
/// events (a message renamed or linked into either, or finished writing there) and, as a safety net against missed
/// events or file systems without inotify, at least every `pollInterval`. Wake-ups that arrive while the consumer
/// is busy are merged into one, their cur/ names gathered. Cancelling the consuming task ends the sequence.
///
/// ```swift
/// for await wake in MaildirWatcher(maildir: inbox) {
///     for message in try inbox.newMessages() { … }
///     for message in wake.rescanCur ? try inbox.curMessages() : inbox.curMessages(named: wake.curNames) { … }
/// }
/// ```
public struct MaildirWatcher: AsyncSequence, Sendable {
    public typealias Element = Wake
    public typealias Failure = Never

    /// One wake-up: new/ may have messages; cur/ gained these names, or must be looked at whole.
    public struct Wake: Sendable, Hashable {
        /// Names that arrived in cur/ since the last wake (a mail client's move, LeadMail's own filing).
        public var curNames: [String]
        /// True when cur/ must be listed whole: the first wake, a lost inotify queue, or no watch on cur/.
        public var rescanCur: Bool

        public init(curNames: [String], rescanCur: Bool) {
            self.curNames = curNames
            self.rescanCur = rescanCur
        }
    }

    /// The maildir whose new/ and cur/ directories are watched.
    public let maildir: Maildir
    /// The longest time between two wake-ups; the polling period when inotify is off or unavailable.
    public let pollInterval: Duration
    /// Whether to try inotify; when `false`, or when inotify cannot be set up, only polling is used.
    public let useInotify: Bool
    /// The files of new/ still being written in place (created by open(2), not yet closed): a listing made
    /// meanwhile must leave them for the wake their close brings.
    public let writesInProgress: WritesInProgress

    public init(maildir: Maildir, pollInterval: Duration = .seconds(1), useInotify: Bool = true) {
        self.maildir = maildir
        writesInProgress = WritesInProgress(directory: maildir.newDirectory)
        self.pollInterval = pollInterval
        self.useInotify = useInotify
    }

    /// Starts watching; each iterator has its own background monitor, stopped when the iteration ends.
    public func makeAsyncIterator() -> AsyncIterator {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let arrivals = CurArrivals()
        arrivals.rescan()
        continuation.yield()
        let monitor = NewDirectoryMonitor(
            directory: maildir.newDirectory, curDirectory: maildir.curDirectory, pollInterval: pollInterval,
            useInotify: useInotify, arrivals: arrivals, writes: writesInProgress
        )
        continuation.onTermination = { _ in monitor.stop() }
        monitor.start(notifying: continuation)
        return AsyncIterator(base: stream.makeAsyncIterator(), arrivals: arrivals, usesInotify: monitor.usesInotify)
    }

    /// Waits for the next wake-up; returns `nil` once the consuming task is cancelled.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<Void>.Iterator
        let arrivals: CurArrivals
        /// Whether inotify is in use; `false` means this iterator only polls.
        public let usesInotify: Bool

        public mutating func next() async -> Wake? {
            guard await base.next() != nil else { return nil }
            return arrivals.take()
        }
    }
}

/// The names that arrived in cur/ between two wakes, gathered by the monitor's thread.
final class CurArrivals: Sendable {
    private struct State {
        var names: [String] = []
        var rescan = false
    }

    private let state = Mutex(State())

    func add(_ name: String) {
        state.withLock { state in
            // A flood of names (a client moving thousands at once) is cheaper as one listing.
            if state.names.count < 10_000 { state.names.append(name) } else { state.rescan = true }
        }
    }

    func rescan() {
        state.withLock { $0.rescan = true }
    }

    func take() -> MaildirWatcher.Wake {
        state.withLock { state in
            defer { state = State() }
            return MaildirWatcher.Wake(curNames: state.rescan ? [] : state.names, rescanCur: state.rescan)
        }
    }
}

/// Files written in place in new/ (IN_CREATE with IN_OPEN, not yet IN_CLOSE_WRITE), by name. A writer that never
/// closes (it crashed) does not hide its file for longer than `patience`.
public final class WritesInProgress: Sendable {
    private let started = Mutex([String: ContinuousClock.Instant]())
    private let directory: String
    private let patience: Duration

    /// - Parameter directory: the new/ directory the names are in.
    public init(directory: String, patience: Duration = .seconds(30)) {
        self.directory = directory
        self.patience = patience
    }

    /// Whether `name` in new/ is still being written, so that reading it now could give a part of it: its
    /// creation by open(2) was seen and its close not yet, or (when the listing came before the watcher saw the
    /// creation) it is still empty and less than two seconds old.
    public func contains(_ name: String) -> Bool {
        let registered = started.withLock { started -> Bool? in
            guard let since = started[name] else { return nil }
            return ContinuousClock.now - since < patience
        }
        if let registered { return registered }
        var status = stat()
        guard stat(directory + "/" + name, &status) == 0, status.st_size == 0 else { return false }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now.tv_sec - status.st_mtim.tv_sec < 2
    }

    func begin(_ name: String) {
        started.withLock { $0[name] = ContinuousClock.now }
    }

    func end(_ name: String) {
        started.withLock { _ = $0.removeValue(forKey: name) }
    }
}
