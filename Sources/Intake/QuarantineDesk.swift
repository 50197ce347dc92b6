import Maildir

/// The quarantine as the operator works it: the messages intake could not handle, each with why, and giving them
/// back to intake once fixed (by hand, or by an upgrade that reads them).
public struct QuarantineDesk: Sendable {
    /// One quarantined message as the operator sees it.
    public struct Entry: Sendable, Hashable {
        /// The message's file name in the quarantine, which `retry` takes.
        public var name: String
        /// The reason note's `Reason:` line; nil when the note is missing.
        public var reason: String?
        /// When it was quarantined (the note's `Date:`).
        public var date: String?
    }

    private let quarantine: Maildir
    private let inbox: Maildir

    public init(configuration: LeadMailConfiguration) {
        quarantine = Maildir(path: configuration.quarantine)
        inbox = Maildir(path: configuration.mailbox)
    }

    /// The quarantine's folder, for messages that name it.
    public var path: String { quarantine.path }
    /// Where a message given back goes.
    public var inboxNew: String { inbox.newDirectory }

    /// The quarantined messages, oldest first.
    /// - Throws: `MaildirError` when the quarantine cannot be read.
    public func entries() throws -> [Entry] {
        try quarantine.quarantined().map { Entry(name: $0.message.name, reason: $0.reason, date: $0.date) }
    }

    /// Gives one message back to the inbox's new/ (its reason removed); returns its name there.
    /// - Throws: `MaildirError` when there is no such message or it cannot be moved.
    public func retry(_ name: String) throws -> String {
        try quarantine.release(name, to: inbox).name
    }
}
