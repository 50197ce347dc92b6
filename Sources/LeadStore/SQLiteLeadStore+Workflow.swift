import Foundation
import GRDB
import Leads

/// What the intake rules still have to look at.
extension SQLiteLeadStore {
    public func pendingWorkflow(after leadID: Int64, limit: Int) throws -> [WorkflowItem] {
        try read { db in
            try Row.decodeAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM leads WHERE workflow_latest > workflow_seen AND id > ? ORDER BY id LIMIT ?
                        """),
                arguments: [leadID, limit]
            ) { try Self.workflowItem($0, keptMatches: true, db) }
        }
    }

    /// One lead as the intake rules see it (for `leads explain`: the same facts the score was made from, every
    /// enquiry read afresh).
    public func workflowItem(leadID: Int64) throws -> WorkflowItem? {
        try read { db in
            try Row.decodeFirst(db.makeStatement(sql: "SELECT * FROM leads WHERE id = ?"), arguments: [leadID]) {
                try Self.workflowItem($0, keptMatches: false, db)
            }
        }
    }

    /// - Parameter keptMatches: read only the enquiries after the lead's `score_matches`, when those still
    ///   describe its history (same number of enquiries up to the same one; a merge changes that).
    static func workflowItem(_ row: Row, keptMatches: Bool, _ db: Database) throws -> WorkflowItem {
        let id: Int64 = row["id"]
        let seen: Int64 = row["workflow_seen"]
        var kept = keptMatches ? (row["score_matches"] as String?).flatMap(Self.scoreMatches) : nil
        if let matches = kept {
            let covered =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT COUNT(*) FROM communications WHERE lead_id = ? AND direction = 'inbound'
                                AND kind IN ('enquiry', 'repeat') AND id <= ?
                            """),
                    arguments: [id, matches.through]) ?? 0
            if covered != matches.enquiries { kept = nil }
        }
        // The communications the rules have not seen and the enquiries the kept matches do not cover, in one read
        // of the lead's history (a new lead's are the same rows); the text only of enquiries.
        let scoredThrough = kept?.through ?? 0
        var fresh: [Communication] = []
        var enquiries: [(id: Int64, text: String)] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT id, lead_id, direction, kind, date, from_address, to_address, subject, message_id, status,
                        CASE WHEN direction = 'inbound' AND kind IN ('enquiry', 'repeat') THEN text END AS text,
                        detail
                    FROM communications WHERE lead_id = ? AND id > ? ORDER BY id
                    """),
            arguments: [id, min(seen, scoredThrough)])
        while let row = try rows.next() {
            let rowID: Int64 = row[0]
            let text: String? = row[10]
            if let text, rowID > scoredThrough { enquiries.append((rowID, text)) }
            guard rowID > seen else { continue }
            fresh.append(Self.newCommunication(row))
        }
        let texts = enquiries.map(\.text)
        let fieldsJSON: String? = row["extra_fields"]
        let fields = fieldsJSON.flatMap { try? Self.jsonDecoder.decode([FormField].self, from: Data($0.utf8)) }
        var item = WorkflowItem(
            lead: Self.lead(row), lifecycle: try Self.lifecycle(row, db), fields: fields ?? [],
            newCommunications: fresh,
            // The lead's first enquiry as extracted (without greeting and signature) stands for its first message.
            enquiryText: (kept == nil ? [row["enquiry"] as String] + texts.dropFirst() : texts).joined(separator: "\n"),
            scoreMatches: kept, enquiriesThrough: enquiries.last?.id ?? kept?.through ?? 0,
            enquiryCount: (kept?.enquiries ?? 0) + enquiries.count,
            isNew: seen == 0, firstContactAt: row["first_contact_at"])
        // By the lead's links (tracked_links_lead), each looked up among the clicks by token.
        item.linksClicked =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COUNT(*) FROM tracked_links t WHERE t.lead_id = ?
                            AND EXISTS (SELECT 1 FROM link_clicks c WHERE c.token = t.token)
                        """),
                arguments: [id]) ?? 0
        return item
    }

    /// A row of `workflowItem`'s history read by the columns' places in its `SELECT`, without its text: the
    /// rules read who wrote what kind of message when, and the names of a row's columns were looked up for each.
    private static func newCommunication(_ row: Row) -> Communication {
        Communication(
            id: row[0], leadID: row[1], direction: Communication.Direction(rawValue: row[2]) ?? .inbound,
            kind: Communication.Kind(rawValue: row[3]) ?? .enquiry, date: row[4], from: row[5], to: row[6],
            subject: row[7], messageID: row[8], status: Communication.Status(rawValue: row[9]) ?? .received,
            text: "", detail: row[11])
    }

    static func scoreMatches(_ json: String) -> ScoreMatches? {
        try? Self.jsonDecoder.decode(ScoreMatches.self, from: Data(json.utf8))
    }

    /// Open leads whose rules-made follow-up, set before `setBefore`, is still open.
    public func openFollowUps(setBefore: Date) throws -> [(listing: LeadListing, task: FollowUpTask)] {
        try read { db in
            let tasks = try Row.fetchAll(
                // By the follow-ups' own index (v8): SQLite would otherwise pick `tasks_open` and read every open task.
                db.cachedStatement(
                    sql: """
                        SELECT * FROM tasks INDEXED BY tasks_open_follow_ups
                        WHERE follow_up = 1 AND done_at IS NULL AND created_at < ? ORDER BY id
                        """),
                arguments: [setBefore]
            ).map(Self.task)
            return try tasks.compactMap { task in
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT * FROM leads WHERE id = ?"), arguments: [task.leadID])
                else { return nil }
                let lead = Self.lead(row)
                guard lead.status.isOpen, lead.status != .nurture else { return nil }
                return (LeadListing(lead: lead, lifecycle: try Self.lifecycle(row, db)), task)
            }
        }
    }
}
