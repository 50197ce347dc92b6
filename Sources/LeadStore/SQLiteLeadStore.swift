import Foundation
import GRDB
import Leads

/// The embedded default store: one SQLite file in WAL mode, shared safely by several `leadmail` processes.
///
/// Duplicates are kept out by unique indexes (contact email, inbound Message-ID, inbound fingerprint), not by
/// checks alone, so two processes racing on the same message cannot both record it.
public final class SQLiteLeadStore: LeadStore {
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "leadmail"
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, operation: "opening it", underlying: "\(error)")
        }
    }

    public func recordInbound(
        _ message: InboundMessage, at now: Date,
        compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        try pool.write { db in
            if let known = try existingLead(for: message, db) {
                return (.duplicate(leadID: known), nil)
            }
            var outcome: IntakeOutcome
            if let threaded = try threadLead(message.threadIDs, db) {
                outcome = .attached(threaded, .threadReply)
            } else if let enquiry = message.enquiry {
                let contactID = try upsertContact(enquiry.contact, now: now, db)
                if let open = try openLead(contactID: contactID, db) {
                    outcome = .attached(open, .repeatEnquiry)
                } else {
                    outcome = .created(try insertLead(enquiry, contactID: contactID, now: now, db))
                }
            } else {
                return (.ignored(reason: message.automatedReason ?? "not an enquiry"), nil)
            }
            guard let lead = outcome.lead else { return (outcome, nil) }
            let kind: Communication.Kind = if case .attached(_, let kind) = outcome { kind } else { .enquiry }
            try insertInbound(message, leadID: lead.id, kind: kind, now: now, db)
            try db.execute(sql: "UPDATE leads SET updated_at = ? WHERE id = ?", arguments: [now, lead.id])

            guard let mail = try compose(outcome) else { return (outcome, nil) }
            let queued = try enqueue(mail, leadID: lead.id, now: now, db)
            return (outcome, queued)
        }
    }

    public func setStatus(leadID: Int64, to status: LeadStatus, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE leads SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, now, leadID])
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
        return try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.lead) }
    }

    public func lead(id: Int64) throws -> Lead? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [id]).map(Self.lead)
        }
    }

    public func communications(leadID: Int64) throws -> [Communication] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM communications WHERE lead_id = ? ORDER BY date, id", arguments: [leadID]
            ).map(Self.communication)
        }
    }

    public func dueOutbox(at now: Date, limit: Int) throws -> [OutboxItem] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?
                    """,
                arguments: [now, limit]
            ).map(Self.outboxItem)
        }
    }

    public func pendingOutbox() throws -> [OutboxItem] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE state != 'sent' ORDER BY id").map(Self.outboxItem)
        }
    }

    public func markSent(outboxID: Int64, serverReply: String, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL
                    WHERE id = ?
                    """,
                arguments: [now, outboxID])
            try db.execute(
                sql: """
                    UPDATE communications SET status = 'sent', detail = ?, date = ?
                    WHERE id = (SELECT communication_id FROM outbox WHERE id = ?)
                    """,
                arguments: [serverReply, now, outboxID])
        }
    }

    public func markAttemptFailed(outboxID: Int64, error: String, retryAt: Date?, at now: Date) throws {
        try pool.write { db in
            let state = retryAt == nil ? "failed" : "queued"
            try db.execute(
                sql: """
                    UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?,
                        next_attempt_at = COALESCE(?, next_attempt_at)
                    WHERE id = ?
                    """,
                arguments: [state, error, retryAt, outboxID])
            try db.execute(
                sql: """
                    UPDATE communications SET status = ?, detail = ?
                    WHERE id = (SELECT communication_id FROM outbox WHERE id = ?)
                    """,
                arguments: [retryAt == nil ? "failed" : "queued", error, outboxID])
        }
    }
}
