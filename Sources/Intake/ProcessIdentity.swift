import Foundation
import Maildir

/// Who holds an outbox row: `host:pid:nonce`, so that a restarted process (even one that got the same pid) can
/// tell its predecessor's abandoned rows from the rows a live neighbour is sending.
public struct ProcessIdentity: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let processID: Int32
    public let nonce: String

    /// This process, with a nonce of its own.
    public static let current = ProcessIdentity(
        host: ProcessInfo.processInfo.hostName, processID: getpid(),
        nonce: String(UInt32.random(in: 0...UInt32.max), radix: 36))

    public init(host: String, processID: Int32, nonce: String) {
        self.host = host
        self.processID = processID
        self.nonce = nonce
    }

    public var description: String { "\(host):\(processID):\(nonce)" }

    /// Whether the holder `owner` is gone: on this host, not us, and its process is dead (or its pid is ours,
    /// i.e. it died and the pid was reused by us). Holders on other hosts are never judged (see docs).
    public func isAbandoned(_ owner: String) -> Bool {
        guard owner != description else { return false }
        let parts = owner.split(separator: ":")
        guard parts.count >= 3, let processID = Int32(parts[parts.count - 2]) else { return true }
        let host = parts.dropLast(2).joined(separator: ":")
        guard host == self.host else { return false }
        return processID == self.processID || !Maildir.processIsAlive(processID)
    }
}
