import Foundation
import LeadStore
import Leads

/// The audit list as the SQLite store keeps it (its v14-audit, this store's v3-audit): sign-ins beside the
/// leads' logs, read together, newest first.
extension PostgresTransaction {
    public func recordSignIn(email: String, succeeded: Bool, client: String, at now: Date) throws {
        try query(
            "INSERT INTO sign_ins (date, email, succeeded, client) VALUES ($1, $2, $3, $4)",
            [now, EmailAddress.normalised(email), succeeded, client])
    }

    public func auditEntries(_ query: AuditQuery) throws -> [AuditEntry] {
        try self.query(
            """
            SELECT date, "by", kind, text, lead_id FROM (
                SELECT date, "by", kind, text, lead_id, id, 0 AS side FROM lead_events
                WHERE ($1::text IS NULL OR lower("by") = lower($1::text))
                    AND ($2::timestamptz IS NULL OR date >= $2::timestamptz)
                    AND ($3::timestamptz IS NULL OR date < $3::timestamptz)
                UNION ALL
                SELECT date, email, CASE WHEN succeeded THEN 'sign-in' ELSE 'failed-sign-in' END, client, NULL, id, 1
                FROM sign_ins
                WHERE ($1::text IS NULL OR email = lower($1::text))
                    AND ($2::timestamptz IS NULL OR date >= $2::timestamptz)
                    AND ($3::timestamptz IS NULL OR date < $3::timestamptz)
            ) AS entries
            ORDER BY date DESC, side DESC, id DESC LIMIT $4 OFFSET $5
            """,
            [query.person, query.from, query.until, max(0, query.limit), max(0, query.offset)]
        ).map { row in
            AuditEntry(
                date: row.date("date") ?? .distantPast, by: row.string("by") ?? "",
                kind: AuditEntry.kind(row.string("kind") ?? ""), text: row.string("text") ?? "",
                leadID: row.int64("lead_id"))
        }
    }
}
