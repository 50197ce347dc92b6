import Foundation
import GRDB
import Leads

/// Follow-up tasks, workloads and round-robin turns.
extension SQLiteLeadStore {
    public func tasks(leadID: Int64) throws -> [FollowUpTask] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM tasks WHERE lead_id = ? ORDER BY id"), arguments: [leadID]
            )
            .map(Self.task)
        }
    }

    public func openTasks(owner: String?) throws -> [FollowUpTask] {
        try read { db in
            var sql = "SELECT tasks.* FROM tasks JOIN leads ON leads.id = tasks.lead_id WHERE tasks.done_at IS NULL"
            var arguments: StatementArguments = []
            if let owner {
                sql += " AND tasks.owner = ?"
                arguments += [EmailAddress.normalised(owner)]
            }
            sql += " ORDER BY tasks.due, leads.score DESC, tasks.id"
            // Decoded from the cursor's rows (a salesperson who is behind has hundreds): a row copied out by
            // `fetchAll` compares each column's name, lowercased, on every look-up.
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            var tasks: [FollowUpTask] = []
            while let row = try rows.next() { tasks.append(Self.task(row)) }
            return tasks
        }
    }

    public func openTasks(owner: String, dueBy day: String) throws -> [FollowUpTask] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT tasks.* FROM tasks JOIN leads ON leads.id = tasks.lead_id
                        WHERE tasks.done_at IS NULL AND tasks.owner = ? AND tasks.due <= ?
                        ORDER BY tasks.due, leads.score DESC, tasks.id
                        """),
                arguments: [owner, day]
            ).map(Self.task)
        }
    }

    public func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM tasks WHERE id = ? AND done_at IS NULL"),
                    arguments: [id])
            else { throw LifecycleError.unknownTask(id) }
            var task = Self.task(row)
            try Self.run(
                db, sql: "UPDATE tasks SET done_at = ?, done_by = ? WHERE id = ?", arguments: [StoredDate(now), by, id])
            var update = LeadUpdate(leadID: task.leadID, by: by)
            update.events = [(.task, "task \(id) done: \(task.kind.rawValue) (due \(task.due))")]
            // A call, a meeting or a mail sent is human contact; a logged call also settles the follow-up.
            update.firstContactAt = now
            if task.kind == .call || task.kind == .meeting,
                let raw = try String.fetchOne(
                    db, sql: "SELECT status FROM leads WHERE id = ?", arguments: [task.leadID]),
                let status = LeadStatus(rawValue: raw)
            {
                update.recordHumanContact(at: now, status: status)
            }
            try apply(update, now: now, db)
            task.doneAt = now
            task.doneBy = by
            return task
        }
    }

    /// The lead a task belongs to, done or not.
    public func leadID(ofTask id: Int64) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT lead_id FROM tasks WHERE id = ?", arguments: [id]) }
    }

    /// Open leads per owner, for least-loaded teams.
    public func workload() throws -> [String: Int] {
        try read { db in
            let open = Self.openStatusList
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT owner, COUNT(*) AS n FROM leads WHERE owner IS NOT NULL AND status IN (\(open))
                        GROUP BY owner
                        """))
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["owner"] as String, $0["n"] as Int) })
        }
    }

    /// How many leads a round-robin team has handed out.
    public func teamTurn(_ team: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT turn FROM team_turns WHERE team = ?"), arguments: [team])
                ?? 0
        }
    }

    public func ownersAwaitingDigest(day: String) throws -> [String] {
        try read { db in
            // Owners one at a time from the open-task index (a handful of staff, however many tasks are open), each
            // asked two look-ups: a task due by `day`, and no digest yet on `day`.
            try String.fetchAll(
                db.cachedStatement(
                    sql: """
                        WITH RECURSIVE owners(name) AS (
                            SELECT MIN(owner) FROM tasks WHERE done_at IS NULL AND owner IS NOT NULL
                            UNION ALL
                            SELECT (SELECT MIN(owner) FROM tasks WHERE done_at IS NULL AND owner > owners.name)
                            FROM owners WHERE owners.name IS NOT NULL
                        )
                        SELECT name FROM owners WHERE name IS NOT NULL
                            AND EXISTS (SELECT 1 FROM tasks WHERE done_at IS NULL AND owner = owners.name AND due <= ?1)
                            AND NOT EXISTS (SELECT 1 FROM digests WHERE owner = owners.name AND day = ?1)
                        ORDER BY name
                        """),
                arguments: [day])
        }
    }

    static func task(_ row: Row) -> FollowUpTask {
        FollowUpTask(
            id: row["id"], leadID: row["lead_id"], kind: FollowUpTask.Kind(rawValue: row["kind"]) ?? .call,
            due: row["due"], owner: row["owner"], isFollowUp: row["follow_up"], createdAt: row["created_at"],
            doneAt: row["done_at"], doneBy: row["done_by"])
    }
}
