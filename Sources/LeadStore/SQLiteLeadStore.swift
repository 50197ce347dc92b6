import Foundation
import GRDB
import Leads

/// The embedded default store: one SQLite file in WAL mode, shared safely by several `leadmail` processes.
///
/// Duplicates are kept out by unique indexes (contact email, inbound Message-ID, inbound fingerprint), not by
/// checks alone, so two processes racing on the same message cannot both record it.
public final class SQLiteLeadStore: LeadStore {
    public let path: String
    let pool: DatabasePool
    /// The transaction `inOneTransaction` holds open, if any (SQLiteLeadStore+Transaction).
    let scope = TransactionScope()
    /// Which commits are on disk (`syncCommits(through:)`).
    let ledger = CommitLedger()
    /// The write-ahead log's length, when `leaveCheckpointsToCaller` has turned the automatic checkpoint off.
    let walPages = WALPageCounter()
    /// What full-text queries matched, while the search index stays unchanged (`search`).
    let searchMatches = SearchMatches()
    /// The first ids of the lists people page through, while nothing a list shows changes (`search`).
    let listPages = ListPages()

    /// The writer connection's page cache, in KiB (SQLite's default is 2,000). A batch of a backlog changes a
    /// thousand-odd pages, most of them leaves of the unique keys and of the leads' indexes, spread over the file:
    /// with the default cache the writer evicted pages it needed again a moment later, and read them back from the
    /// write-ahead log or the file, about ten reads a message. Only the writer gets it: there is one, and the
    /// pipeline's peak memory is a budget, so readers keep the default (`ReaderMemory.compact`).
    static let writerCacheKiB = 4096

    /// How much of the file a workspace's reader connection maps (SQLite maps no more than the file's length).
    static let readerMapSize = 1 << 30

    /// What the store's reader connections keep in memory, chosen by who reads.
    public enum ReaderMemory: Sendable {
        /// SQLite's defaults: each reader copies the pages it reads into a small cache of its own. For the mail
        /// pipeline and the commands, whose reads are few and whose peak memory is a budget of its own (a
        /// mapped store counts in the process's resident size, once per reader that touched its pages).
        case compact
        /// The web workspace: readers map the file and keep a 16 MB cache each, so that lists and lead pages
        /// over a large store read pages without a read(2) and a copy each.
        case mapped
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Parameter busyTimeout: Seconds a statement waits for another process's lock before failing with
    ///   SQLITE_BUSY (leadmail.yml's `storeBusyTimeout`).
    /// - Parameter readers: What the reader connections keep in memory (`.mapped` for the web workspace).
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String, busyTimeout: TimeInterval = 15, readers: ReaderMemory = .compact) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "leadmail"
        // Sorts and groupings that need scratch space keep it in memory instead of creating a file in /var/tmp
        // for each query (that file's creation showed up in the latency of every reply).
        // The write-ahead log is cut back to `logSizeLimit` whenever it starts over after a checkpoint: without
        // it the file keeps the size of its longest run, which on a disk that was full is the space freed since.
        // The workspace's reader connections (`ReaderMemory.mapped`) map the file instead of copying each page
        // into their own cache with a read(2), and keep a larger cache of their own for the pages not mapped.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = \(Self.logSizeLimit)")
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
            }
            if db.configuration.readonly, readers == .mapped {
                try db.execute(sql: "PRAGMA mmap_size = \(Self.readerMapSize); PRAGMA cache_size = -16384")
            }
        }
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            Self.keepPrivate(path, creating: true)
            pool = try Self.openAndMigrate(path: path, configuration: configuration)
            // SQLite gives the log and its index the database file's mode; files made before it was private.
            for file in [path, path + "-wal", path + "-shm"] { Self.keepPrivate(file) }
        } catch {
            throw StoreError(path: path, operation: "opening it", underlying: "\(error)")
        }
    }

    /// Every lead's personal data is in the file: a new one is made 0600 (SQLite then makes the write-ahead log
    /// and its index with the same mode), and an existing one loses any permission for others (a group the
    /// operator gave read access keeps it).
    private static func keepPrivate(_ file: String, creating: Bool = false) {
        if creating && !file.hasPrefix(":") && !file.hasPrefix("file:") {
            let descriptor = open(file, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        var status = stat()
        guard stat(file, &status) == 0, status.st_mode & 0o007 != 0 else { return }
        _ = chmod(file, status.st_mode & 0o770)
    }

    /// Two processes starting on a new file race twice: switching to WAL needs the file to themselves (SQLite
    /// does not wait for that), and both may see a migration missing and run it. The loser of either race fails
    /// at once, on what the winner already did (a table or index created, a column added, an index or trigger
    /// dropped); trying again a moment later finds WAL on and the migration recorded.
    private static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Schema.migrator.migrate(pool)
                // GRDB turns WAL on with synchronous=NORMAL, whose last commits a power cut may undo; a message
                // leaves new/ right after its commit, so every commit must be on disk first: FULL syncs the WAL.
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
                return pool
            } catch let error as DatabaseError where attempt < 20 && Self.isStartupRace(error) {
                attempt += 1
                usleep(useconds_t(20_000 * attempt))
            }
        }
    }

    private static func isStartupRace(_ error: DatabaseError) -> Bool {
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED { return true }
        let message = error.message ?? ""
        return error.resultCode == .SQLITE_ERROR
            && (message.contains("already exists") || message.contains("duplicate column name")
                || message.contains("no such index") || message.contains("no such trigger"))
    }

    public func recordInbound(
        _ message: InboundMessage, at now: Date,
        compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        try write { db in
            if let known = try existingLead(for: message, db) {
                return (.duplicate(leadID: known), nil)
            }
            var outcome: IntakeOutcome
            if let threaded = try threadLead(for: message, db) {
                outcome = .attached(threaded, message.notice == nil ? .threadReply : .notice)
            } else if let enquiry = message.enquiry {
                let contact = try upsertContact(enquiry.contact, now: now, db)
                if !contact.created, let open = try openLead(contactID: contact.id, db) {
                    outcome = .attached(open, .repeatEnquiry)
                } else {
                    outcome = .created(try insertLead(enquiry, contactID: contact.id, now: now, db))
                }
            } else {
                let reason = message.automatedReason ?? "not an enquiry"
                guard try keepAwaitingNotice(message, now: now, db) else { return (.ignored(reason: reason), nil) }
                return (.ignored(reason: "\(reason); kept for the lead of the message it answers, once recorded"), nil)
            }
            guard let lead = outcome.lead else { return (outcome, nil) }
            let kind: Communication.Kind = if case .attached(_, let kind) = outcome { kind } else { .enquiry }
            try insertInbound(message, leadID: lead.id, kind: kind, now: now, db)
            if let messageID = message.messageID { try attachAwaitingNotices(answering: messageID, lead: lead, db) }
            if let notice = message.notice, notice.kind == .nonDelivery {
                try recordBounce(notice, of: message, lead: lead, now: now, db)
            }
            // A lead created just now has `now` as its update time already.
            if case .attached = outcome {
                try Self.run(
                    db, sql: "UPDATE leads SET updated_at = ? WHERE id = ?", arguments: [StoredDate(now), lead.id])
            }

            guard let mail = try compose(outcome) else { return (outcome, nil) }
            let queued = try enqueue(mail, leadID: lead.id, now: now, db)
            return (outcome, queued)
        }
    }

    public func setStatus(leadID: Int64, to status: LeadStatus, at now: Date) throws {
        try write { db in
            try Self.run(
                db, sql: "UPDATE leads SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, StoredDate(now), leadID])
        }
    }

    public func leads(_ query: LeadQuery) throws -> [Lead] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let source = query.source {
            conditions.append("source = ?")
            arguments += [source]
        }
        if let campaign = query.campaign {
            conditions.append("campaign = ?")
            arguments += [campaign]
        }
        var sql = "SELECT * FROM leads"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY created_at DESC, id DESC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in try Row.decodeAll(db.makeStatement(sql: sql), arguments: arguments, Self.lead) }
    }

    public func lead(id: Int64) throws -> Lead? {
        try read { db in
            try Row.decodeFirst(db.cachedStatement(sql: "SELECT * FROM leads WHERE id = ?"), arguments: [id], Self.lead)
        }
    }

    public func communications(leadID: Int64) throws -> [Communication] {
        try read { db in
            try Row.decodeAll(
                db.cachedStatement(sql: "SELECT * FROM communications WHERE lead_id = ? ORDER BY date, id"),
                arguments: [leadID],
                Self.communication)
        }
    }

    public func lastAutoReply(to email: String) throws -> Date? {
        try read { db in
            try Date.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT MAX(c.date) FROM communications c JOIN leads l ON l.id = c.lead_id
                        WHERE l.email = ? AND c.direction = 'outbound' AND c.kind = 'autoreply'
                            AND c.status IN ('queued', 'sent')
                        """),
                arguments: [EmailAddress.normalised(email)])
        }
    }

    public func pendingOutbox() throws -> [OutboxItem] {
        try read { db in
            try Row.decodeAll(
                db.cachedStatement(sql: "\(Self.outboxWithContent) WHERE state != 'sent' ORDER BY id"), Self.outboxItem)
        }
    }
}
