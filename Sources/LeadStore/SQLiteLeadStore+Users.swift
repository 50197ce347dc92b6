import Foundation
import GRDB
import Leads

/// Users beside the leads (schema v10): only bcrypt hashes of passwords, which `LeadDesk` makes and checks.
extension SQLiteLeadStore {
    public func addUser(_ user: User, passwordHash: String, at now: Date) throws -> User {
        var user = user
        user.email = EmailAddress.normalised(user.email)
        do {
            return try write { db in
                try Self.run(
                    db,
                    sql: """
                        INSERT INTO users (email, name, role, team, password_hash, disabled_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        user.email, user.name, user.role.rawValue, user.team, passwordHash,
                        user.isDisabled ? StoredDate(now) : nil, StoredDate(now), StoredDate(now),
                    ])
                var added = user
                added.id = db.lastInsertedRowID
                return added
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw UserStoreError.exists(user.email)
        }
    }

    public func users() throws -> [User] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM users ORDER BY email").map(Self.user)
        }
    }

    public func credentials(email: String) throws -> (user: User, passwordHash: String)? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.userColumns), password_hash FROM users WHERE email = ?",
                    arguments: [EmailAddress.normalised(email)])
            else { return nil }
            return (Self.user(row), row["password_hash"])
        }
    }

    public func updateUser(_ user: User, at now: Date) throws {
        try write { db in
            try Self.run(
                db,
                sql: """
                    UPDATE users SET name = ?, role = ?, team = ?, updated_at = ?,
                        disabled_at = CASE WHEN ? THEN COALESCE(disabled_at, ?) END
                    WHERE id = ?
                    """,
                arguments: [
                    user.name, user.role.rawValue, user.team, StoredDate(now), user.isDisabled, StoredDate(now),
                    user.id,
                ])
            guard db.changesCount == 1 else { throw UserStoreError.unknown(user.email) }
        }
    }

    public func setPasswordHash(_ hash: String, forUser id: Int64, at now: Date) throws {
        try write { db in
            try Self.run(
                db, sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                arguments: [hash, StoredDate(now), id])
        }
    }

    private static let userColumns = "id, email, name, role, team, disabled_at"

    private static func user(_ row: Row) -> User {
        User(
            id: row["id"], email: row["email"], name: row["name"],
            role: Role(rawValue: row["role"]) ?? .sales, team: row["team"],
            isDisabled: !(row["disabled_at"] as DatabaseValue).isNull)
    }
}
