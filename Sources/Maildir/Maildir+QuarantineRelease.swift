import Foundation

extension Maildir {
    /// A message in a quarantine maildir, with the note saying why it is there.
    public struct QuarantinedMessage: Sendable, Hashable {
        public var message: MaildirMessage
        /// The reason note's `Reason:` (its first line), nil when the note is missing.
        public var reason: String?
        /// When it was quarantined (the note's `Date:`).
        public var date: String?
    }

    /// This maildir read as a quarantine: its messages in delivery order, each with its reason.
    public func quarantined() throws(MaildirError) -> [QuarantinedMessage] {
        guard POSIXFileSystem.exists(newDirectory) else { return [] }
        return try newMessages().map { message in
            let note = try? String(contentsOfFile: reasonPath(of: message.uniqueName), encoding: .utf8)
            func field(_ name: String) -> String? {
                note?.split(separator: "\n").first { $0.hasPrefix(name + ": ") }
                    .map { String($0.dropFirst(name.count + 2)) }
            }
            return QuarantinedMessage(message: message, reason: field("Reason"), date: field("Date"))
        }
    }

    /// Gives a quarantined message back to `inbox`: its bytes are delivered to the inbox's new/ under a fresh
    /// name (so that intake takes it like any new mail), then it and its reason note leave the quarantine.
    /// - Parameter name: the message's file name in the quarantine's new/.
    @discardableResult
    public func release(_ name: String, to inbox: Maildir) throws(MaildirError) -> MaildirMessage {
        let path = newDirectory + "/" + name
        guard !name.contains("/"), POSIXFileSystem.exists(path) else {
            throw MaildirError(operation: .read, path: path, errorNumber: ENOENT)
        }
        let bytes = try POSIXFileSystem.readMessage(path, limit: .max - 1, operation: .read)
        let delivered = try inbox.deliver(bytes)
        if let failure = POSIXFileSystem.remove(path) {
            throw MaildirError(
                operation: .quarantine, path: path, errorNumber: failure,
                detail: "it is back in the inbox as \(delivered.name), but its quarantined copy could not be removed")
        }
        _ = POSIXFileSystem.remove(reasonPath(of: MaildirMessage(name: name, path: path).uniqueName))
        _ = POSIXFileSystem.remove(reasonPath(of: name))
        return delivered
    }

    private func reasonPath(of name: String) -> String { path + "/reasons/" + name + ".txt" }
}
