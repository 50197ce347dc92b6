import Foundation
import GRDB
import Leads

/// The rows behind `leadmail report`.
extension SQLiteLeadStore {
    public func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead] {
        var sql = """
            SELECT leads.*,
                (SELECT MIN(date) FROM communications c WHERE c.lead_id = leads.id AND c.direction = 'outbound'
                    AND c.kind != 'notification') AS first_reply_at
            FROM leads WHERE 1
            """
        var arguments: StatementArguments = []
        if let from {
            sql += " AND created_at >= ?"
            arguments += [from]
        }
        if let until {
            sql += " AND created_at < ?"
            arguments += [until]
        }
        if let tag {
            sql += " AND id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)"
            arguments += [tag]
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map { row in
                ReportedLead(
                    source: row["source"], campaign: row["campaign"],
                    status: LeadStatus(rawValue: row["status"]) ?? .new,
                    rating: (row["rating"] as String?).flatMap(LeadRating.init(rawValue:)), value: row["value"],
                    rejectReason: row["reject_reason"], createdAt: row["created_at"],
                    firstReplyAt: row["first_reply_at"], firstContactAt: row["first_contact_at"])
            }
        }
    }
}
