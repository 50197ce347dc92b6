import Foundation
import GRDB
import Leads

/// The audit list (schema v14-audit): sign-ins beside the leads' logs, read together, newest first.
extension SQLiteLeadStore {
    public func recordSignIn(email: String, succeeded: Bool, client: String, at now: Date) throws {
        try write { db in
            try Self.run(
                db, sql: "INSERT INTO sign_ins (date, email, succeeded, client) VALUES (?, ?, ?, ?)",
                arguments: [StoredDate(now), EmailAddress.normalised(email), succeeded ? 1 : 0, client])
        }
    }

    public func auditEntries(_ query: AuditQuery) throws -> [AuditEntry] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT date, by, kind, text, lead_id FROM (
                        SELECT date, by, kind, text, lead_id, id, 0 AS side FROM lead_events
                        WHERE (?1 IS NULL OR lower(by) = lower(?1)) AND (?2 IS NULL OR date >= ?2)
                            AND (?3 IS NULL OR date < ?3)
                        UNION ALL
                        SELECT date, email, CASE succeeded WHEN 1 THEN 'sign-in' ELSE 'failed-sign-in' END,
                            client, NULL, id, 1 FROM sign_ins
                        WHERE (?1 IS NULL OR email = lower(?1)) AND (?2 IS NULL OR date >= ?2)
                            AND (?3 IS NULL OR date < ?3)
                    )
                    ORDER BY date DESC, side DESC, id DESC LIMIT ?4 OFFSET ?5
                    """,
                arguments: [
                    query.person, query.from.map(StoredDate.init), query.until.map(StoredDate.init),
                    max(0, query.limit), max(0, query.offset),
                ])
            return rows.map { row in
                AuditEntry(
                    date: row["date"], by: row["by"], kind: AuditEntry.kind(row["kind"]), text: row["text"],
                    leadID: row["lead_id"])
            }
        }
    }
}

extension SQLiteTransaction {
    func recordSignIn(email: String, succeeded: Bool, client: String, at now: Date) throws {
        try store.recordSignIn(email: email, succeeded: succeeded, client: client, at: now)
    }
    func auditEntries(_ query: AuditQuery) throws -> [AuditEntry] { try store.auditEntries(query) }
}
