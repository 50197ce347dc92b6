/// A maildir (new/, cur/, tmp/) on disk: the shared sales inbox LeadMail reads and the outbox it writes.
///
/// Deliveries follow the maildir protocol (write to tmp/, fsync, rename into new/), so a reader never sees a
/// half-written message and a crash never loses an accepted one. The value is just a path; every method goes to
/// the disk, so it is safe to share between tasks and processes.
public struct Maildir: Sendable, Hashable {
    /// The maildir's root directory, the one that holds new/, cur/ and tmp/.
    public let path: String

    public init(path: String) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
    }

    /// Where delivered, not yet processed messages wait.
    public var newDirectory: String { path + "/new" }
    /// Where processed messages live, their flags in the `:2,` name suffix.
    public var curDirectory: String { path + "/cur" }
    /// Where deliveries are written before they appear in new/.
    public var tmpDirectory: String { path + "/tmp" }

    /// Creates the maildir and its new/, cur/ and tmp/ like `mkdir -p`; an existing maildir is left as it is.
    public func create() throws(MaildirError) {
        for directory in [path, newDirectory, curDirectory, tmpDirectory] {
            try POSIXFileSystem.makeDirectory(directory, operation: .create)
        }
    }

    /// Delivers a message: writes it to tmp/ under a fresh unique name, fsyncs it and renames it into new/.
    ///
    /// The bytes are stored exactly as given. The maildir must exist (call `create()` first).
    @discardableResult
    public func deliver(_ bytes: [UInt8]) throws(MaildirError) -> MaildirMessage {
        let name = MaildirUniqueName.next()
        let temporary = tmpDirectory + "/" + name
        let destination = newDirectory + "/" + name
        try POSIXFileSystem.writeNewFile(temporary, bytes: bytes, operation: .deliver)
        if let failure = POSIXFileSystem.move(temporary, to: destination) {
            _ = POSIXFileSystem.remove(temporary)
            throw MaildirError(operation: .deliver, path: destination, errorNumber: failure)
        }
        POSIXFileSystem.syncDirectory(newDirectory)
        return MaildirMessage(name: name, path: destination)
    }

    /// The messages waiting in new/, in delivery order (`DeliveryOrder`: the name's time and microseconds, then
    /// the file time); dotfiles (editors' and tools' temporaries) are skipped.
    public func newMessages() throws(MaildirError) -> [MaildirMessage] {
        try messagesInDeliveryOrder(in: newDirectory)
    }

    /// The messages in cur/ (read by a mail client, or filed by LeadMail), in delivery order.
    public func curMessages() throws(MaildirError) -> [MaildirMessage] {
        try messagesInDeliveryOrder(in: curDirectory)
    }

    /// The files of cur/ with these names that are still there, in delivery order: what a watcher reported.
    public func curMessages(named names: some Sequence<String>) -> [MaildirMessage] {
        Set(names).filter { !$0.hasPrefix(".") && POSIXFileSystem.exists(curDirectory + "/" + $0) }
            .map { (DeliveryOrder(name: $0, directory: curDirectory), $0) }
            .sorted { $0.0 < $1.0 }
            .map { MaildirMessage(name: $0.1, path: curDirectory + "/" + $0.1) }
    }

    /// The largest message read by default: 64 MiB, the parser's own default limit.
    public static let defaultSizeLimit = 64 * 1024 * 1024

    /// The message's bytes, exactly as stored.
    ///
    /// Only a regular file in the maildir is a message: a FIFO, a device, a directory or a symbolic link (even
    /// one to a good message elsewhere) is refused with `MaildirError.refusal` set, without blocking and without
    /// being followed, and so is a file of more than `limit` bytes, of which at most `limit + 1` are read.
    public func read(_ message: MaildirMessage, limit: Int = Maildir.defaultSizeLimit) throws(MaildirError)
        -> [UInt8]
    {
        try POSIXFileSystem.readMessage(message.path, limit: limit, operation: .read)
    }

    /// A message file outside any maildir (a saved .eml that `leadmail ingest` is given), read the way a
    /// delivered message is, except that a symbolic link given by name is followed to its file.
    public static func readMessageFile(atPath path: String, limit: Int = Maildir.defaultSizeLimit)
        throws(MaildirError) -> [UInt8]
    {
        try POSIXFileSystem.readMessage(path, limit: limit, followingSymlink: true, operation: .read)
    }

    /// Marks a message as processed: moves it from new/ to cur/, keeping existing flags, with the `S` (seen) flag
    /// unless `flaggingSeen` is false (then staff's mail clients still show it unread).
    ///
    /// A message already in cur/ just gains the flag. Returns where the message is now.
    /// - Parameter syncingDirectory: false to leave the fsync of cur/ to one `syncCurDirectory()` after a batch.
    @discardableResult
    public func markSeen(
        _ message: MaildirMessage, flaggingSeen: Bool = true, syncingDirectory: Bool = true
    ) throws(MaildirError) -> MaildirMessage {
        let flags = Set(message.flags).union(flaggingSeen ? ["S"] : []).sorted()
        let name = message.uniqueName + ":2," + String(flags)
        let destination = curDirectory + "/" + name
        if destination == message.path { return message }
        if let failure = POSIXFileSystem.move(message.path, to: destination) {
            throw MaildirError(operation: .markSeen, path: message.path, errorNumber: failure)
        }
        if syncingDirectory { POSIXFileSystem.syncDirectory(curDirectory) }
        return MaildirMessage(name: name, path: destination)
    }

    /// Makes the moves into cur/ so far durable, once for a batch of `markSeen(_:syncingDirectory: false)`.
    public func syncCurDirectory() {
        POSIXFileSystem.syncDirectory(curDirectory)
    }

    private func messagesInDeliveryOrder(in directory: String) throws(MaildirError) -> [MaildirMessage] {
        try POSIXFileSystem.visibleEntries(of: directory, operation: .list)
            .map { DeliveryOrder(name: $0, directory: directory) }
            .sorted()
            .map { MaildirMessage(name: $0.name, path: directory + "/" + $0.name) }
    }
}
