#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Maildir {
    /// Takes a message in new/ for this process, so that two `leadmail run` processes on one maildir never
    /// handle the same message at once.
    ///
    /// The claim is an atomic rename inside new/ to `.claim.PID.NAME`: a dotfile, so maildir readers (and the
    /// other process's listing) skip it, yet still in new/, so "a message leaves new/ only after its effects are
    /// committed" holds. Exactly one of several racing processes wins the rename; the others get nil. The
    /// returned message keeps its original `name` (so `markSeen` and `quarantine` file it under that name)
    /// and points at the claimed path. Claims of dead processes are taken back by `reclaimAbandoned(isAlive:)`.
    ///
    /// - Returns: the claimed message, or nil when another process took it first (or it is gone).
    public func claim(_ message: MaildirMessage, processID: Int32 = getpid()) throws(MaildirError)
        -> MaildirMessage?
    {
        let claimed = newDirectory + "/" + Self.claimPrefix + "\(processID)." + message.name
        switch POSIXFileSystem.move(message.path, to: claimed) {
        case nil:
            return MaildirMessage(name: message.name, path: claimed)
        case ENOENT:
            return nil
        case let failure?:
            throw MaildirError(operation: .claim, path: message.path, errorNumber: failure)
        }
    }

    /// Gives a claimed message back to new/ under its own name, e.g. when it could not be handled now.
    public func release(_ claimed: MaildirMessage) throws(MaildirError) {
        let original = newDirectory + "/" + claimed.name
        guard claimed.path != original else { return }
        if let failure = POSIXFileSystem.move(claimed.path, to: original), failure != ENOENT {
            throw MaildirError(operation: .claim, path: claimed.path, errorNumber: failure)
        }
    }

    /// The claims in new/ whose process is gone (killed, crashed), given back to new/ so they are handled again.
    ///
    /// - Parameter isAlive: whether a process id still runs; the default asks the kernel (`kill(pid, 0)`), which
    ///   is right when every process sharing the maildir runs on this machine in one PID namespace.
    /// - Returns: the names given back.
    @discardableResult
    public func reclaimAbandoned(isAlive: (Int32) -> Bool = Maildir.processIsAlive) throws(MaildirError)
        -> [String]
    {
        var returned: [String] = []
        for entry in try POSIXFileSystem.entries(of: newDirectory, operation: .list) {
            guard let (processID, name) = Self.parseClaim(entry), !isAlive(processID) else { continue }
            let claimed = MaildirMessage(name: name, path: newDirectory + "/" + entry)
            try release(claimed)
            returned.append(name)
        }
        // Only when something moved: `leadmail run` asks on every wake, and an fsync there delays every reply.
        if !returned.isEmpty { POSIXFileSystem.syncDirectory(newDirectory) }
        return returned
    }

    /// Whether a process with this id exists on this machine.
    public static func processIsAlive(_ processID: Int32) -> Bool {
        processID > 0 && (kill(processID, 0) == 0 || errno == EPERM)
    }

    static let claimPrefix = ".claim."

    /// `.claim.PID.NAME` → (PID, NAME).
    static func parseClaim(_ entry: String) -> (Int32, String)? {
        guard entry.hasPrefix(claimPrefix) else { return nil }
        let rest = entry.dropFirst(claimPrefix.count)
        guard let dot = rest.firstIndex(of: "."), let processID = Int32(rest[..<dot]) else { return nil }
        let name = String(rest[rest.index(after: dot)...])
        return name.isEmpty ? nil : (processID, name)
    }
}
