#if canImport(Glibc)
    import Glibc
    import Foundation

    /// The background half of `MaildirWatcher`: one thread that sleeps in poll(2) on an inotify descriptor (watching
    /// new/ and cur/) and a stop pipe, and reports wake-ups to an `AsyncStream` and arrivals in cur/ to `CurArrivals`.
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
        /// The watches on new/ and on cur/ (-1 when cur/ could not be watched: then cur/ is looked at on every poll).
        private let newWatch: Int32
        private let curWatch: Int32
        /// Names that arrived in cur/, for the consumer to look at; shared with `MaildirWatcher`'s iterator.
        let arrivals: CurArrivals
        /// Files of new/ being written in place, shared with the watcher's consumer.
        let writes: WritesInProgress

        /// Whether inotify was set up; when `false` the monitor only polls.
        var usesInotify: Bool { inotifyDescriptor >= 0 }

        init(
            directory: String, curDirectory: String, pollInterval: Duration, useInotify: Bool, arrivals: CurArrivals,
            writes: WritesInProgress
        ) {
            self.directory = directory
            self.arrivals = arrivals
            self.writes = writes
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
            (inotifyDescriptor, newWatch, curWatch) =
                useInotify ? Self.watchDescriptors(new: directory, cur: curDirectory) : (-1, -1, -1)
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
                    // The safety net: without a watch on cur/ it is looked at on every poll.
                    if curWatch < 0 { arrivals.rescan() }
                    continuation.yield()
                } else if descriptors.count > 1 && descriptors[1].revents != 0 {
                    if readEvents() { continuation.yield() }
                }
            }
        }

        /// One inotify event: which watch, what happened, to which name.
        private struct Event {
            let watch: Int32
            let mask: UInt32
            let name: String
        }

        /// Reads the queued events and says whether they deserve a wake-up.
        ///
        /// A message arrives by a rename (`IN_MOVED_TO`: maildir deliveries, Dovecot moving new/ to cur/), by a link
        /// (`IN_CREATE` alone: Postfix's `local` and `virtual`), or written in place and closed (`IN_CLOSE_WRITE`). A
        /// file created by open(2) raises `IN_CREATE` then `IN_OPEN`: it is still being written, so only its close
        /// counts. Our own reads (`IN_OPEN` without a create) wake nothing.
        private func readEvents() -> Bool {
            var events = drainEvents()
            var created = Set<String>()
            var opened = Set<String>()
            for event in events where event.mask & UInt32(IN_CREATE) != 0 { created.insert(event.name) }
            if !created.isEmpty {
                // open(2) raises IN_OPEN just after IN_CREATE, in the same call: a moment's wait lets it be queued.
                var pending = [pollfd(fd: inotifyDescriptor, events: Int16(POLLIN), revents: 0)]
                if poll(&pending, 1, 2) > 0 { events += drainEvents() }
            }
            for event in events where event.mask & UInt32(IN_OPEN) != 0 { opened.insert(event.name) }
            var wake = false
            for event in events where event.watch == newWatch {
                if event.mask & UInt32(IN_CREATE) != 0 && opened.contains(event.name) { writes.begin(event.name) }
                if event.mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)) != 0 {
                    writes.end(event.name)
                }
            }
            for event in events {
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    arrivals.rescan()
                    wake = true
                    continue
                }
                let arrived =
                    event.mask & (UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE)) != 0
                    || (event.mask & UInt32(IN_CREATE) != 0 && !opened.contains(event.name))
                // Dotfiles are no messages (claims, tools' temporaries): maildir readers skip them.
                guard arrived, !event.name.isEmpty, !event.name.hasPrefix(".") else { continue }
                if event.watch == curWatch { arrivals.add(event.name) }
                wake = true
            }
            return wake
        }

        /// Reads every queued inotify event.
        private func drainEvents() -> [Event] {
            var events: [Event] = []
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(inotifyDescriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { return events }
                buffer.withUnsafeBytes { raw in
                    var offset = 0
                    let header = MemoryLayout<inotify_event>.size
                    while offset + header <= count {
                        let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                        let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                        let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                        let nameBytes = raw[(offset + header)..<min(offset + header + length, count)]
                        let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                        events.append(Event(watch: watch, mask: mask, name: name))
                        offset += header + length
                    }
                }
            }
        }

        private static func watchDescriptors(new: String, cur: String) -> (Int32, Int32, Int32) {
            let descriptor = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
            guard descriptor >= 0 else { return (-1, -1, -1) }
            let mask =
                UInt32(IN_MOVED_TO) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_OPEN)
                | UInt32(IN_MOVED_FROM) | UInt32(IN_DELETE)
            let newWatch = inotify_add_watch(descriptor, new, mask)
            guard newWatch >= 0 else {
                close(descriptor)
                return (-1, -1, -1)
            }
            return (descriptor, newWatch, inotify_add_watch(descriptor, cur, mask))
        }
    }
#else
    import Foundation

    /// Without inotify (non-Linux builds) the watcher only polls.
    final class NewDirectoryMonitor: @unchecked Sendable {
        private let pollInterval: Duration
        private let stopped = NSCondition()
        private var isStopped = false
        let arrivals: CurArrivals
        var usesInotify: Bool { false }

        init(
            directory: String, curDirectory: String, pollInterval: Duration, useInotify: Bool, arrivals: CurArrivals,
            writes: WritesInProgress
        ) {
            self.pollInterval = pollInterval
            self.arrivals = arrivals
        }

        func start(notifying continuation: AsyncStream<Void>.Continuation) {
            let thread = Thread { [self] in
                let seconds =
                    Double(pollInterval.components.seconds)
                    + Double(pollInterval.components.attoseconds) / 1e18
                stopped.lock()
                defer { stopped.unlock() }
                while !isStopped {
                    if !stopped.wait(until: Date().addingTimeInterval(seconds)) {
                        arrivals.rescan()
                        continuation.yield()
                    }
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
