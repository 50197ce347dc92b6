import Foundation
import GRDB
import Leads

/// Lifecycle changes: every one in a single transaction with the log entries that record it.
extension SQLiteLeadStore {
    public func apply(_ update: LeadUpdate, at now: Date) throws {
        try write { db in try apply(update, now: now, db) }
    }

    public func apply(all updates: [LeadUpdate], at now: Date) throws {
        // The time rules ask this on every wake of `leadmail run`, nearly always with nothing to do.
        guard !updates.isEmpty else { return }
        try write { db in
            for update in updates { try apply(update, now: now, db) }
        }
    }

    public func lifecycle(leadID: Int64) throws -> LeadLifecycle? {
        try read { db in
            try Row.decodeFirst(db.cachedStatement(sql: "SELECT * FROM leads WHERE id = ?"), arguments: [leadID]) {
                try Self.lifecycle($0, db)
            }
        }
    }

    public func events(leadID: Int64) throws -> [LeadEvent] {
        try read { db in
            try Row.decodeAll(
                db.cachedStatement(sql: "SELECT * FROM lead_events WHERE lead_id = ? ORDER BY id"), arguments: [leadID],
                Self.event)
        }
    }

    func apply(_ update: LeadUpdate, now: Date, _ db: Database) throws {
        let id = update.leadID
        guard
            let current = try Row.decodeFirst(
                db.cachedStatement(
                    sql: "SELECT status, score, owner, team, workflow_seen, first_contact_at FROM leads WHERE id = ?"),
                arguments: [id], LeadRowNow.init)
        else {
            throw LifecycleError.unknownLead(id)
        }
        func log(_ kind: LeadEvent.Kind, _ text: String) throws {
            try Self.run(
                db, sql: "INSERT INTO lead_events (lead_id, date, by, kind, text) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, StoredDate(now), update.by, kind.rawValue, text])
        }
        if let (change, from) = update.status {
            let status = LeadStatus(rawValue: current.status) ?? .new
            guard status == from else { throw LifecycleError.transition(from: status, to: change.status) }
            try Self.run(
                db,
                sql: """
                    UPDATE leads SET status = ?1,
                        reject_reason = CASE WHEN ?1 = 'rejected' THEN COALESCE(?2, reject_reason) END,
                        value = COALESCE(?3, value), close_date = COALESCE(?4, close_date),
                        nurture_until = CASE WHEN ?1 = 'nurture' THEN ?5 ELSE nurture_until END
                    WHERE id = ?6
                    """,
                arguments: [change.status.rawValue, change.reason, change.value, change.closeDate, change.until, id])
            try log(.status, change.describe(from: from))
        }
        if let edit = update.contact, !edit.isEmpty {
            let before = try Row.fetchOne(
                db, sql: "SELECT name, phone, company FROM leads WHERE id = ?", arguments: [id])
            var changes: [String] = []
            for (column, value) in [("name", edit.name), ("phone", edit.phone), ("company", edit.company)] {
                guard let value else { continue }
                let old: String? = before?[column]
                let new: String? = value.isEmpty ? nil : value
                guard old != new else { continue }
                try Self.run(db, sql: "UPDATE leads SET \(column) = ? WHERE id = ?", arguments: [new, id])
                changes.append("\(column) \(old.map { "'\($0)'" } ?? "—") → \(new.map { "'\($0)'" } ?? "—")")
            }
            if !changes.isEmpty { try log(.contact, changes.joined(separator: ", ")) }
        }
        if let origin = update.origin {
            try Self.run(
                db, sql: "UPDATE leads SET source = ?, campaign = ?, created_at = ? WHERE id = ?",
                arguments: [origin.source, origin.campaign, StoredDate(origin.createdAt), id])
            let campaign = origin.campaign.map { ", campaign \($0)" } ?? ""
            try log(.note, "counted as from \(origin.source)\(campaign), created as \(origin.from) was")
        }
        for task in update.reopenTasks {
            try Self.run(
                db,
                sql:
                    "UPDATE tasks SET done_at = NULL, done_by = NULL WHERE id = ? AND lead_id = ? AND done_at IS NOT NULL",
                arguments: [task, id])
            guard db.changesCount == 1 else { throw LifecycleError.unknownTask(task) }
            try log(.task, "task \(task) reopened")
        }
        if let rating = update.rating {
            try Self.run(db, sql: "UPDATE leads SET rating = ? WHERE id = ?", arguments: [rating.rawValue, id])
            try log(.rating, "rated \(rating.rawValue) (\(rating.meaning))")
        }
        // The score, its matches, the owner, what the rules have seen, the first contact and the update time go
        // into the lead's row in one statement at the end (`updateLeadRow`); here only their log entries.
        let newScore = update.score.flatMap { $0 != current.score ? $0 : nil }
        if let score = newScore { try log(.score, "score \(current.score) → \(score)") }
        if let owner = update.owner {
            let previous = current.owner
            // The open tasks move with the lead: as many as the update reached.
            try Self.run(
                db, sql: "UPDATE tasks SET owner = ? WHERE lead_id = ? AND done_at IS NULL",
                arguments: [owner.email, id])
            let moved = db.changesCount
            let from = previous.map { "\($0) → " } ?? ""
            let tasks = moved > 0 ? ", \(moved) open task\(moved == 1 ? "" : "s") moved" : ""
            let why = owner.reason.map { "; \($0)" } ?? ""
            try log(.assignment, "owner \(from)\(owner.email)\(owner.team.map { " (team \($0))" } ?? "")\(tasks)\(why)")
        }
        for tag in update.addTags {
            try Self.run(
                db,
                sql: """
                    INSERT INTO lead_tags (lead_id, tag) SELECT ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM lead_tags WHERE lead_id = ? AND tag = ? COLLATE NOCASE)
                    """,
                arguments: [id, tag, id, tag])
            if db.changesCount > 0 { try log(.tag, "tagged '\(tag)'") }
        }
        for tag in update.removeTags {
            try Self.run(
                db, sql: "DELETE FROM lead_tags WHERE lead_id = ? AND tag = ? COLLATE NOCASE", arguments: [id, tag])
            if db.changesCount > 0 { try log(.tag, "untagged '\(tag)'") }
        }
        if let day = update.remindOn {
            try Self.run(db, sql: "UPDATE leads SET remind_on = ? WHERE id = ?", arguments: [day, id])
            try log(.reminder, "remind on \(day)")
        }
        if update.reminderFired {
            try Self.run(db, sql: "UPDATE leads SET remind_on = NULL WHERE id = ?", arguments: [id])
        }
        if update.completeFollowUps {
            try Self.run(
                db,
                sql: """
                    UPDATE tasks SET done_at = ?, done_by = ?
                    WHERE lead_id = ? AND follow_up = 1 AND done_at IS NULL
                    """,
                arguments: [StoredDate(now), update.by, id])
        }
        // Nothing above changes the owner but the update's own assignment.
        let owner = update.owner?.email ?? current.owner
        for task in update.newTasks {
            try Self.run(
                db,
                sql: """
                    INSERT INTO tasks (lead_id, kind, due, owner, follow_up, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, task.kind.rawValue, task.due, task.owner ?? owner, task.isFollowUp, StoredDate(now)])
            let what = task.isFollowUp ? "follow-up" : "task"
            try log(.task, "\(what) \(db.lastInsertedRowID): \(task.kind.rawValue) due \(task.due)")
        }
        for (kind, text) in update.events { try log(kind, text) }
        for notice in update.notices {
            try enqueueNotice(notice, leadID: id, now: now, db)
            try log(.notification, "told \(notice.recipients.joined(separator: ", ")): \(notice.subject)")
        }
        if let team = update.advanceTurn {
            try Self.run(
                db,
                sql: """
                    INSERT INTO team_turns (team, turn) VALUES (?, 1) ON CONFLICT(team) DO UPDATE SET turn = turn + 1
                    """,
                arguments: [team])
        }
        if let digest = update.digest {
            try Self.run(
                db, sql: "INSERT INTO digests (owner, day) VALUES (?, ?)", arguments: [digest.owner, digest.day])
        }
        try updateLeadRow(update, current: current, score: newScore, now: now, db)
    }

    /// The columns of the lead's row that `apply` reads before it writes.
    private struct LeadRowNow {
        var status: String
        var score: Int
        var owner: String?
        var team: String?
        var workflowSeen: Int64
        var firstContactAt: Date?

        init(_ row: Row) {
            status = row[0]
            score = row[1]
            owner = row[2]
            team = row[3]
            workflowSeen = row[4]
            firstContactAt = row[5]
        }
    }

    /// The columns of the lead's row an update changes, in one statement: the rules' pass after a backlog writes
    /// score, matches, what it has seen and the update time of every new lead, and an owner for some.
    ///
    /// A column is named only when its value changes: SQLite moves a row's entry in every index that holds a
    /// column named in `SET`, whether its value changed or not, and `owner` alone is in seven of the leads'
    /// indexes.
    private func updateLeadRow(
        _ update: LeadUpdate, current: LeadRowNow, score: Int?, now: Date, _ db: Database
    ) throws {
        var columns = ["updated_at"]
        var values: [(any DatabaseValueConvertible)?] = [StoredDate(now)]
        func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
            columns.append(column)
            values.append(value)
        }
        if let score { set("score", score) }
        if let matches = update.scoreMatches { set("score_matches", ScoreMatchesJSON.encode(matches)) }
        if let owner = update.owner {
            if owner.email != current.owner { set("owner", owner.email) }
            if owner.team != current.team { set("team", owner.team) }
        }
        if let seen = update.workflowSeen, seen > current.workflowSeen { set("workflow_seen", seen) }
        if current.firstContactAt == nil, let first = update.firstContactAt { set("first_contact_at", first) }
        values.append(update.leadID)
        // One statement per set of columns, each compiled once per connection. `OR IGNORE` tells SQLite that no
        // constraint can stop the statement half-way (none of these values is NULL, and the row keeps its id), so
        // it keeps no statement journal: for a statement that could, and that writes another row too (the list
        // version's trigger), it copies every page it changes first, which cost four times the update itself.
        let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
        try Self.run(
            db, sql: "UPDATE OR IGNORE leads SET \(assignments) WHERE id = ?", arguments: StatementArguments(values))
    }

    /// A statement compiled once per connection: a batch of thousands of updates then costs no more per lead
    /// than one.
    static func run(_ db: Database, sql: String, arguments: StatementArguments = []) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// A staff notice: logged on the lead as an outbound `notification` and queued like a reply.
    func enqueueNotice(_ mail: OutgoingMail, leadID: Int64, now: Date, _ db: Database) throws {
        var notice = mail
        notice.kind = .notification
        _ = try enqueue(notice, leadID: leadID, now: now, db)
    }

    static func lifecycle(_ row: Row, _ db: Database) throws -> LeadLifecycle {
        let id: Int64 = row["id"]
        let tags = try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM lead_tags WHERE lead_id = ? ORDER BY tag"),
            arguments: [id])
        return lifecycle(row, tags: tags)
    }

    /// The lifecycle columns of a `leads` row, with the lead's tags already read.
    static func lifecycle(_ row: Row, tags: [String]) -> LeadLifecycle {
        LeadLifecycle(
            rating: (row["rating"] as String?).flatMap(LeadRating.init(rawValue:)), score: row["score"],
            owner: row["owner"], team: row["team"], tags: tags, rejectReason: row["reject_reason"],
            value: row["value"], closeDate: row["close_date"], nurtureUntil: row["nurture_until"],
            remindOn: row["remind_on"])
    }

    static func event(_ row: Row) -> LeadEvent {
        LeadEvent(
            id: row["id"], leadID: row["lead_id"], date: row["date"], by: row["by"],
            kind: LeadEvent.Kind(rawValue: row["kind"]) ?? .note, text: row["text"])
    }
}
