import Foundation
import GRDB
import GRDBSQLite
import Leads

/// The managers' dashboard, counted by SQLite: one scan of the filtered leads' `leads_dashboard` index entries,
/// counted by `DashboardTally`; the overdue follow-ups from the open follow-ups' own index; the clicks per
/// campaign from the clicks in the range.
extension SQLiteLeadStore {
    public func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        var search = search
        if let team { search.team = team }
        let (leadsSQL, arguments) = Self.matching(
            search,
            select: """
                created_at, source, campaign, status, rating, reject_reason, value, first_contact_at, first_reply_at
                """)
        return try read { db in
            var tally = DashboardTally()
            let statement = try db.cachedStatement(sql: leadsSQL)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            let sqlite = statement.sqliteStatement
            /// A column's bytes, nil for NULL (the cursor has just stepped the statement onto its row).
            func bytes(_ column: Int32) -> UnsafeRawBufferPointer? {
                guard let text = sqlite3_column_text(sqlite, column) else { return nil }
                return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqlite, column)))
            }
            while try rows.next() != nil {
                guard let created = bytes(0) else { continue }
                tally.add(
                    created: created, source: bytes(1), campaign: bytes(2), status: bytes(3), rating: bytes(4),
                    rejectReason: bytes(5),
                    value: sqlite3_column_type(sqlite, 6) == SQLITE_NULL ? nil : sqlite3_column_double(sqlite, 6),
                    firstContact: bytes(7), firstReply: bytes(8))
            }
            return tally.figures(
                overdueFollowUps: try overdueFollowUps(search, today: today, db),
                clicks: try clicks(search, db))
        }
    }

    /// Open follow-ups due before `today` on the filtered leads, by owner: read from the open follow-ups' index
    /// (v8), which holds the open work, however many leads the range has.
    private func overdueFollowUps(_ search: LeadSearch, today: String, _ db: Database) throws
        -> [LeadDashboard.Count]
    {
        let (ids, arguments) = Self.matching(search, select: "id")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(owner, '') AS key, COUNT(*) AS n FROM tasks INDEXED BY tasks_open_follow_ups
                    WHERE follow_up = 1 AND done_at IS NULL AND due < ? AND lead_id IN (\(ids))
                    GROUP BY key ORDER BY n DESC, key
                    """), arguments: [today] + arguments
        ).map { LeadDashboard.Count(key: $0["key"] ?? "", count: $0["n"]) }
    }

    /// Clicks dated in the range, on the leads the other filters choose, by campaign.
    private func clicks(_ search: LeadSearch, _ db: Database) throws -> [LeadDashboard.CampaignClicks] {
        var others = search
        others.from = nil
        others.until = nil
        let (ids, arguments) = Self.matching(others, select: "id")
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT COALESCE(l.campaign, '') AS key, COUNT(*) AS clicks, COUNT(DISTINCT c.lead_id) AS leads
                    FROM link_clicks c JOIN leads l ON l.id = c.lead_id
                    WHERE (?1 IS NULL OR c.date >= ?1) AND (?2 IS NULL OR c.date < ?2) AND c.lead_id IN (\(ids))
                    GROUP BY key ORDER BY clicks DESC, key
                    """),
            arguments: [search.from.map(StoredDate.init), search.until.map(StoredDate.init)] + arguments
        ).map { LeadDashboard.CampaignClicks(campaign: $0["key"] ?? "", clicks: $0["clicks"], leads: $0["leads"]) }
    }
}

extension SQLiteTransaction {
    func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        try store.dashboard(search, team: team, today: today)
    }
}
