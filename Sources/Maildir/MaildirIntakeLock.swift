import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells a LeadMail process, pass by pass over new/, whether it reads the maildir alone: then it takes messages as
/// they are, without the claim rename of each message (`Maildir.claim`) that lets two processes share new/. A
/// rename in a directory of thousands of entries was a twentieth of a backlog's time.
///
/// The lock file `.leadmail-intake.lock` in the maildir holds two byte locks (open-file-description locks, which the
/// kernel drops when a process dies, however it dies):
/// - byte 0, *presence*: read-locked by every LeadMail process from its first pass until it exits;
/// - byte 1, *the pass*: write-locked by a process alone for one pass, read-locked by each process of a sharing pass.
///
/// A pass is alone when no other process holds presence and the write lock on byte 1 is granted; otherwise the
/// process waits for a lone pass to end (its messages are filed or back in new/ by then) and claims each message.
/// A process that starts while another works alone so waits at most one pass, and they share from then on.
/// Where the file system has no such locks, every pass shares, as before this lock existed.
public final class MaildirIntakeLock: Sendable {
    /// How a pass over new/ takes its messages.
    public enum Pass: Sendable, Equatable {
        /// No other LeadMail process reads this maildir until `endPass()`: no claims are needed.
        case alone
        /// Others may read new/ too: each message is claimed before it is handled.
        case sharing
    }

    public let path: String
    /// One pass at a time per lock (a second caller in this process waits, as another process would), and the
    /// file opened once.
    private let file: Mutex<LockFile>

    public init(_ maildir: Maildir) {
        path = maildir.path + "/.leadmail-intake.lock"
        file = Mutex(LockFile(path: path))
    }

    /// Starts a pass; waits while another process is in a pass of its own alone.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func beginPass() async throws -> Pass {
        while true {
            if let pass = file.withLock({ $0.tryToBeginPass() }) { return pass }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Ends the pass, once its messages are filed or given back to new/.
    public func endPass() {
        file.withLock { $0.endPass() }
    }

    /// The lock file's descriptor and what this process holds of it; closed (its locks dropped) with the lock.
    private struct LockFile: ~Copyable {
        let path: String
        var descriptor: Int32 = -1
        var unavailable = false
        var passHeld = false

        init(path: String) {
            self.path = path
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        /// The pass, or nil while it must wait (a lone pass of another process, or a pass of this lock's own).
        mutating func tryToBeginPass() -> Pass? {
            if passHeld { return nil }
            // Without the lock file every pass claims, which is safe however many run at once.
            guard openWithPresence() else { return .sharing }
            if !anotherProcessIsPresent(), lock(F_WRLCK, byte: 1, wait: false) == nil {
                passHeld = true
                return .alone
            }
            switch lock(F_RDLCK, byte: 1, wait: false) {
            case nil:
                passHeld = true
                return .sharing
            case EAGAIN?, EACCES?, EINTR?:
                return nil
            default:
                return .sharing
            }
        }

        mutating func endPass() {
            guard passHeld else { return }
            _ = lock(F_UNLCK, byte: 1, wait: false)
            passHeld = false
        }

        /// Opens the lock file and takes presence, once; false when the file or its locks are not available.
        private mutating func openWithPresence() -> Bool {
            #if !os(Linux)
                return false  // open-file-description locks are Linux's
            #else
                if descriptor >= 0 { return true }
                if unavailable { return false }
                descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
                if descriptor >= 0, lock(F_RDLCK, byte: 0, wait: true) == nil { return true }
                if descriptor >= 0 { close(descriptor) }
                descriptor = -1
                unavailable = true
                return false
            #endif
        }

        private func anotherProcessIsPresent() -> Bool {
            var probe = Self.range(F_WRLCK, byte: 0)
            // Asks whether a write lock on presence would conflict: only another process's presence does.
            guard fcntl(descriptor, Self.getLock, &probe) == 0 else { return true }
            return probe.l_type != Int16(F_UNLCK)
        }

        /// The errno of a failed lock request, or nil.
        private func lock(_ type: Int32, byte: Int, wait: Bool) -> Int32? {
            var range = Self.range(type, byte: byte)
            return fcntl(descriptor, wait ? Self.setLockWaiting : Self.setLock, &range) == 0 ? nil : errno
        }

        private static func range(_ type: Int32, byte: Int) -> flock {
            var range = flock()
            range.l_type = Int16(type)
            range.l_whence = Int16(SEEK_SET)
            range.l_start = off_t(byte)
            range.l_len = 1
            range.l_pid = 0  // required for open-file-description locks
            return range
        }

        // Linux's open-file-description locks (F_OFD_*), which Glibc declares only for _GNU_SOURCE.
        private static let getLock: Int32 = 36
        private static let setLock: Int32 = 37
        private static let setLockWaiting: Int32 = 38
    }
}
