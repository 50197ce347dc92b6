import Foundation
import LeadStore
import Leads

/// Tracked links as the SQLite store keeps them (its v14-link-tracking, this store's v3-link-tracking).
extension PostgresTransaction {
    func insertTrackedLinks(_ links: [TrackedLink], leadID: Int64, now: Date) throws(PostgresError) {
        for link in links {
            try query(
                """
                INSERT INTO tracked_links (token, lead_id, url, label, created_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (token) DO NOTHING
                """, [link.token, leadID, link.url, link.label, now])
        }
    }

    public func trackedLink(token: String) throws -> StoredTrackedLink? {
        try query(
            """
            SELECT token, lead_id, url, label, (SELECT COUNT(*) FROM link_clicks c WHERE c.token = l.token) AS clicks
            FROM tracked_links l WHERE token = $1
            """, [token]
        ).first.map { row in
            StoredTrackedLink(
                token: row.string("token") ?? "", leadID: row.int64("lead_id") ?? 0, url: row.string("url") ?? "",
                label: row.string("label") ?? "", clicks: Int(row.int64("clicks") ?? 0))
        }
    }

    public func recordClick(token: String, at now: Date) throws -> Int {
        try query(
            "INSERT INTO link_clicks (token, lead_id, date) SELECT token, lead_id, $1 FROM tracked_links WHERE token = $2",
            [now, token])
        return Int(
            try query("SELECT COUNT(*) AS clicks FROM link_clicks WHERE token = $1", [token]).first?.int64("clicks")
                ?? 0)
    }

    public func clicksByCampaign(from: Date?, until: Date?) throws -> [CampaignClicks] {
        try query(
            """
            SELECT l.campaign AS campaign, COUNT(*) AS clicks, COUNT(DISTINCT c.lead_id) AS leads
            FROM link_clicks c JOIN leads l ON l.id = c.lead_id
            WHERE ($1::timestamptz IS NULL OR c.date >= $1::timestamptz)
                AND ($2::timestamptz IS NULL OR c.date < $2::timestamptz)
            GROUP BY l.campaign ORDER BY clicks DESC, l.campaign
            """, [from, until]
        ).map { row in
            CampaignClicks(
                campaign: row.string("campaign"), clicks: Int(row.int64("clicks") ?? 0),
                leads: Int(row.int64("leads") ?? 0))
        }
    }
}
