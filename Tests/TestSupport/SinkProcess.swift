import Foundation

/// The running `python3 smtp_sink.py` child process, behind a lock so `SMTPTestServer` can be Sendable.
final class SinkProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var process: Process?

    init(_ process: Process) {
        self.process = process
    }

    private var stopping: Process?

    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return (process ?? stopping)?.isRunning ?? false
    }

    /// The exit status once the process has ended, waiting up to `seconds` for that; `nil` if still running.
    func exitStatus(waitingUpTo seconds: Double) -> Int32? {
        lock.lock()
        let current = process
        lock.unlock()
        guard let current else { return nil }
        let deadline = Date().addingTimeInterval(seconds)
        while current.isRunning && Date() < deadline {
            usleep(10_000)
        }
        return current.isRunning ? nil : current.terminationStatus
    }

    /// Like `stop()`, but waits on a thread of its own, so a `deinit` on the Swift concurrency pool never blocks
    /// it (the pool has one thread per core; blocked threads stall every other test).
    func stopInBackground() {
        lock.lock()
        let running = process
        lock.unlock()
        guard let running, running.isRunning else { return }
        running.terminate()
        lock.lock()
        stopping = running
        lock.unlock()
        let thread = Thread { [self] in stop() }
        thread.start()
    }

    /// Sends SIGTERM and waits up to five seconds for a clean exit, then SIGKILL. Safe to call twice.
    func stop() {
        lock.lock()
        let running = process
        process = nil
        lock.unlock()
        guard let running, running.isRunning else { return }
        running.terminate()  // a second SIGTERM is harmless
        let deadline = Date().addingTimeInterval(5)
        while running.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if running.isRunning {
            kill(running.processIdentifier, SIGKILL)
            running.waitUntilExit()
        }
    }
}
