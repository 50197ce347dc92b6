import Foundation
import LeadStore
import Leads

/// Who opened which lead and people's saved views, as the SQLite store keeps them (its v13, this store's v2).
extension PostgresTransaction {
    public func wasOpened(leadID: Int64, by reader: String) throws -> Bool {
        try query(
            "SELECT 1 AS one FROM lead_reads WHERE lead_id = $1 AND reader = $2",
            [leadID, EmailAddress.normalised(reader)]
        ).first != nil
    }

    public func markOpened(leadID: Int64, by reader: String, at now: Date) throws {
        try query(
            "INSERT INTO lead_reads (lead_id, reader, opened_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [leadID, EmailAddress.normalised(reader), now])
    }

    public func savedViews(userID: Int64) throws -> [SavedView] {
        try query("SELECT * FROM saved_views WHERE user_id = $1 ORDER BY lower(name), id", [userID]).map { row in
            SavedView(
                id: row.int64("id") ?? 0, userID: row.int64("user_id") ?? 0, name: row.string("name") ?? "",
                query: row.string("query") ?? "", createdAt: row.date("created_at") ?? .distantPast)
        }
    }

    public func saveView(_ view: SavedView) throws -> SavedView {
        let row = try query(
            """
            INSERT INTO saved_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query RETURNING id
            """, [view.userID, view.name, view.query, view.createdAt]
        ).first
        var saved = view
        saved.id = row?.int64("id") ?? 0
        return saved
    }

    public func deleteView(id: Int64, userID: Int64) throws -> Bool {
        try query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2", [id, userID]).affected > 0
    }
}
