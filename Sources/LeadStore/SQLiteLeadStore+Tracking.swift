import Foundation
import GRDB
import Leads

/// Tracked links (schema v14-link-tracking): written with the mail that carries them, looked up by token when
/// clicked, counted per campaign.
extension SQLiteLeadStore {
    func insertTrackedLinks(_ links: [TrackedLink], leadID: Int64, _ db: Database, now: Date) throws {
        for link in links {
            try Self.run(
                db,
                sql: """
                    INSERT INTO tracked_links (token, lead_id, url, label, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (token) DO NOTHING
                    """,
                arguments: [link.token, leadID, link.url, link.label, StoredDate(now)])
        }
    }

    public func trackedLink(token: String) throws -> StoredTrackedLink? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT token, lead_id, url, label, (SELECT COUNT(*) FROM link_clicks c WHERE c.token = l.token)
                        AS clicks
                    FROM tracked_links l WHERE token = ?
                    """,
                arguments: [token]
            ).map { row in
                StoredTrackedLink(
                    token: row["token"], leadID: row["lead_id"], url: row["url"], label: row["label"],
                    clicks: row["clicks"])
            }
        }
    }

    public func recordClick(token: String, at now: Date) throws -> Int {
        try write { db in
            try Self.run(
                db,
                sql:
                    "INSERT INTO link_clicks (token, lead_id, date) SELECT token, lead_id, ? FROM tracked_links WHERE token = ?",
                arguments: [StoredDate(now), token])
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM link_clicks WHERE token = ?", arguments: [token])
                ?? 0
        }
    }

    public func clicksByCampaign(from: Date?, until: Date?) throws -> [CampaignClicks] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT l.campaign AS campaign, COUNT(*) AS clicks, COUNT(DISTINCT c.lead_id) AS leads
                    FROM link_clicks c JOIN leads l ON l.id = c.lead_id
                    WHERE (?1 IS NULL OR c.date >= ?1) AND (?2 IS NULL OR c.date < ?2)
                    GROUP BY l.campaign ORDER BY clicks DESC, l.campaign
                    """,
                arguments: [from.map(StoredDate.init), until.map(StoredDate.init)]
            ).map { row in CampaignClicks(campaign: row["campaign"], clicks: row["clicks"], leads: row["leads"]) }
        }
    }
}

extension SQLiteTransaction {
    func trackedLink(token: String) throws -> StoredTrackedLink? { try store.trackedLink(token: token) }
    func recordClick(token: String, at now: Date) throws -> Int { try store.recordClick(token: token, at: now) }
    func clicksByCampaign(from: Date?, until: Date?) throws -> [CampaignClicks] {
        try store.clicksByCampaign(from: from, until: until)
    }
}
