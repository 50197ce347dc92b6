import Foundation
import LeadStore
import Leads

/// The managers' dashboard, counted by PostgreSQL: one `GROUP BY` per chart over the filtered leads, the
/// medians by `percentile_cont`.
extension PostgresTransaction {
    public func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        /// `SELECT <select> FROM leads WHERE <the filters> [AND <extra>]`, with its parameters.
        func leads(_ select: String, _ extra: String? = nil) -> (String, [(any PostgresBindable)?]) {
            var (filter, parameters) = matching(search)
            func bound(_ value: String) -> String {
                parameters.append(value)
                return "$\(parameters.count)::text"
            }
            var conditions: [String] = []
            if let team {
                var reached = ["team = \(bound(team.name))"]
                if !team.members.isEmpty {
                    reached.append("owner IN (\(team.members.map { bound($0) }.joined(separator: ", ")))")
                }
                conditions.append("(" + reached.joined(separator: " OR ") + ")")
            }
            if let extra { conditions.append(extra) }
            if !conditions.isEmpty {
                filter += (filter.isEmpty ? " WHERE " : " AND ") + conditions.joined(separator: " AND ")
            }
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
        return LeadDashboard(
            bySource: try weeks("source"), byCampaign: try weeks("COALESCE(campaign, '')"), funnels: funnels,
            rejections: try counts("COALESCE(reject_reason, 'unknown')", "status = 'rejected'"),
            ratings: try counts("COALESCE(rating, '')"),
            medianFirstReplySeconds: try median(
                """
                EXTRACT(EPOCH FROM (SELECT MIN(date) FROM communications c WHERE c.lead_id = leads.id
                    AND c.direction = 'outbound' AND c.kind <> 'notification') - created_at)
                """),
            medianFirstContactSeconds: try median("EXTRACT(EPOCH FROM first_contact_at - created_at)"),
            overdueFollowUps: overdue)
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
