import Foundation
import Maildir
import TestSupport
import Testing

/// The lock that lets a LeadMail process alone skip the claim of each message. Each `MaildirIntakeLock` opens the
/// lock file for itself, as another process would: open-file-description locks of two opens conflict like those of
/// two processes.
@Suite("Maildir intake lock: alone without claims, sharing with claims")
struct MaildirIntakeLockTests {
    @Test("alone while no other process is present; a newcomer waits for the lone pass, then both share")
    func aloneThenSharing() async throws {
        let (directory, maildir) = try Self.newMaildir()
        defer { withExtendedLifetime(directory) {} }
        let first = MaildirIntakeLock(maildir)
        #expect(try await first.beginPass() == .alone)

        let second = MaildirIntakeLock(maildir)
        let waiting = Task { try await second.beginPass() }
        try await Task.sleep(for: .milliseconds(150))
        #expect(FileManager.default.fileExists(atPath: first.path))
        first.endPass()
        #expect(try await waiting.value == .sharing, "the newcomer saw the first present and waited for its pass")
        #expect(try await first.beginPass() == .sharing, "the first now sees the newcomer")
        first.endPass()
        second.endPass()
    }

    @Test("a newcomer's pass does not start while the lone pass lasts")
    func newcomerWaits() async throws {
        let (directory, maildir) = try Self.newMaildir()
        defer { withExtendedLifetime(directory) {} }
        let first = MaildirIntakeLock(maildir)
        #expect(try await first.beginPass() == .alone)
        let second = MaildirIntakeLock(maildir)
        let (waiting, started) = Self.passInTask(of: second)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!started.isMarked, "no pass beside a lone one")
        first.endPass()
        #expect(try await waiting.value == .sharing)
        second.endPass()
    }

    @Test("two passes on one lock (two tasks of one process) take turns")
    func oneLockOnePassAtATime() async throws {
        let (directory, maildir) = try Self.newMaildir()
        defer { withExtendedLifetime(directory) {} }
        let lock = MaildirIntakeLock(maildir)
        #expect(try await lock.beginPass() == .alone)
        let (second, started) = Self.passInTask(of: lock)
        try await Task.sleep(for: .milliseconds(200))
        #expect(!started.isMarked, "the second pass waits for the first")
        lock.endPass()
        #expect(try await second.value == .alone)
        lock.endPass()
    }

    @Test("a process that is gone no longer counts: the next pass is alone again")
    func goneProcessReleases() async throws {
        let (directory, maildir) = try Self.newMaildir()
        defer { withExtendedLifetime(directory) {} }
        let first = MaildirIntakeLock(maildir)
        var second: MaildirIntakeLock? = MaildirIntakeLock(maildir)
        #expect(try await first.beginPass() == .alone)
        first.endPass()
        #expect(try await second!.beginPass() == .sharing)
        // Its file closes (as when a process exits or is killed): its locks are gone with it.
        second = nil
        #expect(try await first.beginPass() == .alone)
        first.endPass()
    }

    @Test("a maildir whose lock file cannot be created shares every pass (claims keep it safe)")
    func unavailableLockShares() async throws {
        let maildir = Maildir(path: "/proc/leadmail-no-such-maildir")
        let lock = MaildirIntakeLock(maildir)
        #expect(try await lock.beginPass() == .sharing)
        lock.endPass()
    }

    /// A maildir in a new temporary directory, which the caller keeps alive.
    private static func newMaildir() throws -> (TemporaryDirectory, Maildir) {
        let directory = try TemporaryDirectory()
        let maildir = Maildir(path: directory.appending("inbox"))
        try maildir.create()
        return (directory, maildir)
    }

    /// A pass begun in a task of its own, and whether it has begun yet.
    private static func passInTask(of lock: MaildirIntakeLock) -> (Task<MaildirIntakeLock.Pass, any Error>, Started) {
        let started = Started()
        let task = Task {
            let pass = try await lock.beginPass()
            started.mark()
            return pass
        }
        return (task, started)
    }

    private final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var marked = false
        func mark() { lock.withLock { marked = true } }
        var isMarked: Bool { lock.withLock { marked } }
    }
}
