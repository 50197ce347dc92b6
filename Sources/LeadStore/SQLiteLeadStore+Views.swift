import Foundation
import GRDB
import Leads

/// Who opened which lead and people's saved views (schema v13).
extension SQLiteLeadStore {
    public func wasOpened(leadID: Int64, by reader: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM lead_reads WHERE lead_id = ? AND reader = ?)",
                arguments: [leadID, EmailAddress.normalised(reader)]) ?? false
        }
    }

    public func markOpened(leadID: Int64, by reader: String, at now: Date) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO lead_reads (lead_id, reader, opened_at) VALUES (?, ?, ?)",
                arguments: [leadID, EmailAddress.normalised(reader), StoredDate(now)])
        }
    }

    public func savedViews(userID: Int64) throws -> [SavedView] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM saved_views WHERE user_id = ? ORDER BY name COLLATE NOCASE, id"),
                arguments: [userID]
            ).map { row in
                SavedView(
                    id: row["id"], userID: row["user_id"], name: row["name"], query: row["query"],
                    createdAt: row["created_at"])
            }
        }
    }

    public func saveView(_ view: SavedView) throws -> SavedView {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO saved_views (user_id, name, query, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query
                    """,
                arguments: [view.userID, view.name, view.query, StoredDate(view.createdAt)])
            var saved = view
            saved.id =
                try Int64.fetchOne(
                    db, sql: "SELECT id FROM saved_views WHERE user_id = ? AND name = ?",
                    arguments: [view.userID, view.name]) ?? 0
            return saved
        }
    }

    public func deleteView(id: Int64, userID: Int64) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM saved_views WHERE id = ? AND user_id = ?", arguments: [id, userID])
            return db.changesCount > 0
        }
    }
}
