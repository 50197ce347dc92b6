#if canImport(Glibc)
import Glibc
import Foundation

/// The background half of `MaildirWatcher`: one thread that sleeps in poll(2) on an inotify descriptor and a
/// stop pipe, and reports wake-ups to an `AsyncStream`.
///
/// A thread of its own keeps the blocking poll off the Swift concurrency pool. The pipe lets `stop()` end the
/// thread at once; descriptors are closed when both the thread and the stream have let go of the monitor, so
/// writing to the pipe can never hit a closed reader (no SIGPIPE).
final class NewDirectoryMonitor: @unchecked Sendable {
    private let directory: String
    private let pollMilliseconds: Int32
    /// The pipe's read end (polled) and write end (written by `stop()`); -1 when pipe(2) failed.
    private let stopDescriptor: Int32
    private let stopWriter: Int32
    private let inotifyDescriptor: Int32

    /// Whether inotify was set up; when `false` the monitor only polls.
    var usesInotify: Bool { inotifyDescriptor >= 0 }

    init(directory: String, pollInterval: Duration, useInotify: Bool) {
        self.directory = directory
        let (seconds, attoseconds) = pollInterval.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        pollMilliseconds = Int32(clamping: max(1, milliseconds))
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, O_NONBLOCK)
            }
        }
        stopDescriptor = ends[0]
        stopWriter = ends[1]
        inotifyDescriptor = useInotify ? Self.watchDescriptor(for: directory) : -1
    }

    deinit {
        if stopDescriptor >= 0 { close(stopDescriptor) }
        if stopWriter >= 0 { close(stopWriter) }
        if inotifyDescriptor >= 0 { close(inotifyDescriptor) }
    }

    func start(notifying continuation: AsyncStream<Void>.Continuation) {
        let thread = Thread { [self] in
            run(notifying: continuation)
        }
        thread.name = "MaildirWatcher \(directory)"
        thread.start()
    }

    func stop() {
        var byte: UInt8 = 1
        _ = write(stopWriter, &byte, 1)
    }

    private func run(notifying continuation: AsyncStream<Void>.Continuation) {
        var descriptors = [pollfd(fd: stopDescriptor, events: Int16(POLLIN), revents: 0)]
        if inotifyDescriptor >= 0 {
            descriptors.append(pollfd(fd: inotifyDescriptor, events: Int16(POLLIN), revents: 0))
        }
        while true {
            for index in descriptors.indices { descriptors[index].revents = 0 }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                continuation.finish()
                return
            }
            if descriptors[0].revents != 0 || stopDescriptor < 0 {
                return
            }
            if ready == 0 {
                continuation.yield()
            } else if descriptors.count > 1 && descriptors[1].revents != 0 {
                drainEvents()
                continuation.yield()
            }
        }
    }

    /// Reads and discards queued inotify events: the consumer rescans new/ anyway.
    private func drainEvents() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(inotifyDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    private static func watchDescriptor(for directory: String) -> Int32 {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard descriptor >= 0 else { return -1 }
        let mask = UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE)
        guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
    }
}
#else
import Foundation

/// Without inotify (non-Linux builds) the watcher only polls.
final class NewDirectoryMonitor: @unchecked Sendable {
    private let pollInterval: Duration
    private let stopped = NSCondition()
    private var isStopped = false
    var usesInotify: Bool { false }

    init(directory: String, pollInterval: Duration, useInotify: Bool) {
        self.pollInterval = pollInterval
    }

    func start(notifying continuation: AsyncStream<Void>.Continuation) {
        let thread = Thread { [self] in
            let seconds = Double(pollInterval.components.seconds)
                + Double(pollInterval.components.attoseconds) / 1e18
            stopped.lock()
            defer { stopped.unlock() }
            while !isStopped {
                if !stopped.wait(until: Date().addingTimeInterval(seconds)) { continuation.yield() }
            }
        }
        thread.start()
    }

    func stop() {
        stopped.lock()
        isStopped = true
        stopped.signal()
        stopped.unlock()
    }
}
#endif
