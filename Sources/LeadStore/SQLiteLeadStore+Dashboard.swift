import Foundation
import GRDB
import Leads

/// The managers' dashboard, counted by SQLite: one `GROUP BY` per chart over the filtered leads.
extension SQLiteLeadStore {
    public func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        /// `SELECT <select> FROM leads WHERE <the filters> [AND <extra>]`.
        let filtered = Self.matching(search, select: "1").0.contains(" WHERE ")
        func leads(_ select: String, _ extra: String? = nil) -> (String, StatementArguments) {
            var (sql, arguments) = Self.matching(search, select: select)
            var conditions: [String] = []
            if let team {
                var reached = ["team = ?"]
                arguments += [team.name]
                if !team.members.isEmpty {
                    reached.append("+owner IN (\(team.members.map { _ in "?" }.joined(separator: ", ")))")
                    for member in team.members { arguments += [member] }
                }
                conditions.append("(" + reached.joined(separator: " OR ") + ")")
            }
            if let extra { conditions.append(extra) }
            if !conditions.isEmpty {
                sql += (filtered ? " AND " : " WHERE ") + conditions.joined(separator: " AND ")
            }
            return (sql, arguments)
        }
        return try read { db in
            func weeks(_ key: String) throws -> [LeadDashboard.WeekCount] {
                let (sql, arguments) = leads(
                    "date(created_at, '-6 days', 'weekday 1') AS week, \(key) AS key, COUNT(*) AS n")
                return try Row.fetchAll(db, sql: sql + " GROUP BY week, key ORDER BY week, key", arguments: arguments)
                    .map { LeadDashboard.WeekCount(week: $0["week"] ?? "", key: $0["key"] ?? "", count: $0["n"]) }
            }
            func counts(_ key: String, _ extra: String? = nil) throws -> [LeadDashboard.Count] {
                let (sql, arguments) = leads("\(key) AS key, COUNT(*) AS n", extra)
                return try Row.fetchAll(db, sql: sql + " GROUP BY key ORDER BY n DESC, key", arguments: arguments)
                    .map { LeadDashboard.Count(key: $0["key"] ?? "", count: $0["n"]) }
            }
            /// The median of a number of seconds per lead, NULLs aside, in SQL (the middle one or two rows).
            func median(_ seconds: String) throws -> Double? {
                let (inner, arguments) = leads("\(seconds) AS s")
                let sql = """
                    WITH d AS MATERIALIZED (SELECT s FROM (\(inner)) WHERE s IS NOT NULL),
                        c AS (SELECT COUNT(*) AS n FROM d)
                    SELECT AVG(s) AS m FROM (SELECT s FROM d ORDER BY s
                        LIMIT 2 - (SELECT n FROM c) % 2 OFFSET ((SELECT n FROM c) - 1) / 2)
                    """
                return try Double.fetchOne(db, sql: sql, arguments: arguments)
            }
            let (funnelSQL, funnelArguments) = leads(
                """
                COALESCE(campaign, '') AS key, COUNT(*) AS n,
                SUM(CASE WHEN status IN ('contacted', 'qualified', 'converted', 'nurture')
                    OR first_contact_at IS NOT NULL THEN 1 ELSE 0 END) AS contacted,
                SUM(CASE WHEN status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified,
                SUM(CASE WHEN status = 'converted' THEN 1 ELSE 0 END) AS converted,
                TOTAL(CASE WHEN status = 'converted' THEN value END) AS value,
                SUM(CASE WHEN status = 'rejected' AND lower(reject_reason) = 'spam' THEN 1 ELSE 0 END) AS spam
                """)
            let funnels = try Row.fetchAll(
                db, sql: funnelSQL + " GROUP BY key ORDER BY key", arguments: funnelArguments
            )
            .map { row in
                LeadDashboard.Funnel(
                    campaign: row["key"] ?? "", leads: row["n"], contacted: row["contacted"],
                    qualified: row["qualified"], converted: row["converted"], convertedValue: row["value"],
                    spam: row["spam"])
            }
            let (ids, idArguments) = leads("id")
            let overdue = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(owner, '') AS key, COUNT(*) AS n FROM tasks
                    WHERE done_at IS NULL AND follow_up = 1 AND due < ? AND lead_id IN (\(ids))
                    GROUP BY key ORDER BY n DESC, key
                    """, arguments: [today] + idArguments
            ).map { LeadDashboard.Count(key: $0["key"] ?? "", count: $0["n"]) }
            return LeadDashboard(
                bySource: try weeks("source"), byCampaign: try weeks("COALESCE(campaign, '')"), funnels: funnels,
                rejections: try counts("COALESCE(reject_reason, 'unknown')", "status = 'rejected'"),
                ratings: try counts("COALESCE(rating, '')"),
                medianFirstReplySeconds: try median(
                    """
                    (julianday((SELECT MIN(date) FROM communications c WHERE c.lead_id = leads.id
                        AND c.direction = 'outbound' AND c.kind != 'notification')) - julianday(created_at)) * 86400.0
                    """),
                medianFirstContactSeconds: try median(
                    "(julianday(first_contact_at) - julianday(created_at)) * 86400.0"),
                overdueFollowUps: overdue)
        }
    }
}

extension SQLiteTransaction {
    func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard {
        try store.dashboard(search, team: team, today: today)
    }
}
