import Foundation
import GRDB
import Leads

/// Sessions of the web workspace (schema v11): found by selector, proven by a bcrypt hash of the verifier, each
/// with its own CSRF token.
extension SQLiteLeadStore {
    public func addSession(_ session: StoredWebSession) throws -> StoredWebSession {
        try write { db in
            try Self.run(
                db,
                sql: """
                    INSERT INTO web_sessions
                        (selector, verifier_hash, user_id, csrf_token, client, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.selector, session.verifierHash, session.user.id, session.csrfToken, session.client,
                    StoredDate(session.createdAt), StoredDate(session.expiresAt),
                ])
            var added = session
            added.id = db.lastInsertedRowID
            return added
        }
    }

    public func session(selector: String) throws -> StoredWebSession? {
        try read { db in
            guard
                // From the statement cache: every page request of the workspace asks this first.
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT s.id, s.selector, s.verifier_hash, s.csrf_token, s.client, s.created_at,
                                s.expires_at, s.revoked_at,
                                u.id AS user_id, u.email, u.name, u.role, u.team, u.disabled_at
                            FROM web_sessions s JOIN users u ON u.id = s.user_id
                            WHERE s.selector = ?
                            """),
                    arguments: [selector])
            else { return nil }
            let user = User(
                id: row["user_id"], email: row["email"], name: row["name"],
                role: Role(rawValue: row["role"]) ?? .sales, team: row["team"],
                isDisabled: !(row["disabled_at"] as DatabaseValue).isNull)
            return StoredWebSession(
                id: row["id"], selector: row["selector"], verifierHash: row["verifier_hash"], user: user,
                csrfToken: row["csrf_token"], client: row["client"], createdAt: row["created_at"],
                expiresAt: row["expires_at"], revokedAt: row["revoked_at"])
        }
    }

    public func revokeSession(id: Int64, at now: Date) throws {
        try write { db in
            try Self.run(
                db, sql: "UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                arguments: [StoredDate(now), id])
        }
    }

    @discardableResult
    public func revokeSessions(userID: Int64, at now: Date) throws -> Int {
        try write { db in
            try Self.run(
                db,
                sql: """
                    UPDATE web_sessions SET revoked_at = ?
                    WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
                    """,
                arguments: [StoredDate(now), userID, StoredDate(now)])
            return db.changesCount
        }
    }

    @discardableResult
    public func deleteSessions(endedBefore date: Date) throws -> Int {
        try write { db in
            try Self.run(
                db, sql: "DELETE FROM web_sessions WHERE expires_at < ?1 OR revoked_at < ?1",
                arguments: [StoredDate(date)])
            return db.changesCount
        }
    }
}

extension SQLiteTransaction {
    func addSession(_ session: StoredWebSession) throws -> StoredWebSession { try store.addSession(session) }
    func session(selector: String) throws -> StoredWebSession? { try store.session(selector: selector) }
    func revokeSession(id: Int64, at now: Date) throws { try store.revokeSession(id: id, at: now) }
    func revokeSessions(userID: Int64, at now: Date) throws -> Int {
        try store.revokeSessions(userID: userID, at: now)
    }
    func deleteSessions(endedBefore date: Date) throws -> Int { try store.deleteSessions(endedBefore: date) }
}
