import Foundation
import LeadStore
import Leads

/// The managers' dashboard, counted by PostgreSQL: one `GROUP BY` per chart over the filtered leads, the
/// medians by `percentile_cont` (the first reply from the lead's `first_reply_at`, kept by triggers, v3-dashboard).
extension PostgresTransaction {
    public func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        var search = search
        if let team { search.team = team }
        /// `SELECT <select> FROM leads WHERE <the filters> [AND <extra>]`, with its parameters.
        func leads(_ select: String, _ extra: String? = nil) -> (String, [(any PostgresBindable)?]) {
            var (filter, parameters) = matching(search)
            if let extra { filter += (filter.isEmpty ? " WHERE " : " AND ") + extra }
            return ("SELECT \(select) FROM leads" + filter, parameters)
        }
        func weeks(_ key: String) throws -> [LeadDashboard.WeekCount] {
            let (sql, parameters) = leads(
                "to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, \(key) AS key,"
                    + " COUNT(*) AS n")
            return try query(sql + " GROUP BY 1, 2", parameters).map {
                LeadDashboard.WeekCount(
                    week: $0.string("week") ?? "", key: $0.string("key") ?? "", count: $0.int("n") ?? 0)
            }.sorted { ($0.week, Bytes($0.key)) < ($1.week, Bytes($1.key)) }
        }
        func counts(_ key: String, _ extra: String? = nil) throws -> [LeadDashboard.Count] {
            let (sql, parameters) = leads("\(key) AS key, COUNT(*) AS n", extra)
            return try query(sql + " GROUP BY 1", parameters).map {
                LeadDashboard.Count(key: $0.string("key") ?? "", count: $0.int("n") ?? 0)
            }.sorted(by: Self.busiestFirst)
        }
        func median(_ seconds: String) throws -> Double? {
            let (inner, parameters) = leads("\(seconds) AS s")
            return try query(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS m FROM (\(inner)) d WHERE s IS NOT NULL",
                parameters
            ).first?.double("m")
        }
        let (funnelSQL, funnelParameters) = leads(
            """
            COALESCE(campaign, '') AS key, COUNT(*) AS n,
            SUM(CASE WHEN status IN ('contacted', 'qualified', 'converted', 'nurture')
                OR first_contact_at IS NOT NULL THEN 1 ELSE 0 END) AS contacted,
            SUM(CASE WHEN status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified,
            SUM(CASE WHEN status = 'converted' THEN 1 ELSE 0 END) AS converted,
            COALESCE(SUM(CASE WHEN status = 'converted' THEN value END), 0) AS value,
            SUM(CASE WHEN status = 'rejected' AND lower(reject_reason) = 'spam' THEN 1 ELSE 0 END) AS spam
            """)
        let funnels = try query(funnelSQL + " GROUP BY 1", funnelParameters).map { row in
            LeadDashboard.Funnel(
                campaign: row.string("key") ?? "", leads: row.int("n") ?? 0, contacted: row.int("contacted") ?? 0,
                qualified: row.int("qualified") ?? 0, converted: row.int("converted") ?? 0,
                convertedValue: row.double("value") ?? 0, spam: row.int("spam") ?? 0)
        }.sorted { Bytes($0.campaign) < Bytes($1.campaign) }
        var (ids, idParameters) = leads("id")
        idParameters.append(today)
        let overdue = try query(
            """
            SELECT COALESCE(owner, '') AS key, COUNT(*) AS n FROM tasks
            WHERE done_at IS NULL AND follow_up AND due < $\(idParameters.count)::text AND lead_id IN (\(ids))
            GROUP BY 1
            """, idParameters
        ).map { LeadDashboard.Count(key: $0.string("key") ?? "", count: $0.int("n") ?? 0) }
            .sorted(by: Self.busiestFirst)
        var others = search
        others.from = nil
        others.until = nil
        var (clickFilter, clickParameters) = matching(others)
        clickParameters.append(search.from)
        clickParameters.append(search.until)
        let from = "$\(clickParameters.count - 1)::timestamptz"
        let until = "$\(clickParameters.count)::timestamptz"
        let clicks = try query(
            """
            SELECT COALESCE(l.campaign, '') AS key, COUNT(*) AS clicks, COUNT(DISTINCT c.lead_id) AS leads
            FROM link_clicks c JOIN leads l ON l.id = c.lead_id
            WHERE (\(from) IS NULL OR c.date >= \(from)) AND (\(until) IS NULL OR c.date < \(until))
                AND c.lead_id IN (SELECT id FROM leads\(clickFilter))
            GROUP BY 1
            """, clickParameters
        ).map { row in
            LeadDashboard.CampaignClicks(
                campaign: row.string("key") ?? "", clicks: row.int("clicks") ?? 0, leads: row.int("leads") ?? 0)
        }.sorted { $0.clicks != $1.clicks ? $0.clicks > $1.clicks : Bytes($0.campaign) < Bytes($1.campaign) }
        return LeadDashboard(
            bySource: try weeks("source"), byCampaign: try weeks("COALESCE(campaign, '')"), funnels: funnels,
            rejections: try counts("COALESCE(reject_reason, 'unknown')", "status = 'rejected'"),
            ratings: try counts("COALESCE(rating, '')"),
            medianFirstReplySeconds: try median("EXTRACT(EPOCH FROM first_reply_at - created_at)"),
            medianFirstContactSeconds: try median("EXTRACT(EPOCH FROM first_contact_at - created_at)"),
            overdueFollowUps: overdue, clicksByCampaign: clicks)
    }
}

extension PostgresTransaction {
    /// The SQLite store's order of counts: most first, then by name in byte order.
    static func busiestFirst(_ a: LeadDashboard.Count, _ b: LeadDashboard.Count) -> Bool {
        a.count != b.count ? a.count > b.count : Bytes(a.key) < Bytes(b.key)
    }
}

/// A string compared byte by byte (UTF-8), as SQLite's `BINARY` collation does.
private struct Bytes: Comparable {
    let text: String

    init(_ text: String) { self.text = text }

    static func < (lhs: Bytes, rhs: Bytes) -> Bool { lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8) }
}
