import Foundation
import GRDB
import Leads

/// What the intake rules still have to look at.
extension SQLiteLeadStore {
    public func pendingWorkflow() throws -> [WorkflowItem] {
        try read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM leads WHERE workflow_latest > workflow_seen ORDER BY id"))
            return try rows.map { try Self.workflowItem($0, db) }
        }
    }

    /// One lead as the intake rules see it (for `leads explain`: the same facts the score was made from).
    public func workflowItem(leadID: Int64) throws -> WorkflowItem? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [leadID])
                .map { try Self.workflowItem($0, db) }
        }
    }

    static func workflowItem(_ row: Row, _ db: Database) throws -> WorkflowItem {
        let id: Int64 = row["id"]
        let seen: Int64 = row["workflow_seen"]
        let fresh = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM communications WHERE lead_id = ? AND id > ? ORDER BY id"),
            arguments: [id, seen]
        ).map(Self.communication)
        let enquiries = try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT text FROM communications WHERE lead_id = ? AND direction = 'inbound'
                    AND kind IN ('enquiry', 'repeat') ORDER BY id
                """),
            arguments: [id])
        let fieldsJSON: String? = row["extra_fields"]
        let fields = fieldsJSON.flatMap { try? JSONDecoder().decode([FormField].self, from: Data($0.utf8)) }
        return WorkflowItem(
            lead: Self.lead(row), lifecycle: try Self.lifecycle(row, db), fields: fields ?? [],
            newCommunications: fresh,
            enquiryText: ([row["enquiry"] as String] + enquiries.dropFirst()).joined(separator: "\n"),
            repeats: max(enquiries.count - 1, 0), isNew: seen == 0, firstContactAt: row["first_contact_at"])
    }

    /// Open leads whose rules-made follow-up, set before `setBefore`, is still open.
    public func openFollowUps(setBefore: Date) throws -> [(listing: LeadListing, task: FollowUpTask)] {
        try read { db in
            let tasks = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM tasks WHERE follow_up = 1 AND done_at IS NULL AND created_at < ? ORDER BY id"),
                arguments: [setBefore]
            ).map(Self.task)
            return try tasks.compactMap { task in
                guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM leads WHERE id = ?"), arguments: [task.leadID])
                else { return nil }
                let lead = Self.lead(row)
                guard lead.status.isOpen, lead.status != .nurture else { return nil }
                return (LeadListing(lead: lead, lifecycle: try Self.lifecycle(row, db)), task)
            }
        }
    }
}
