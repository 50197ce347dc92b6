import Foundation
import LeadStore
import Leads

/// Lifecycle changes, each with the log entries that record it, as the SQLite store makes them.
extension PostgresTransaction {
    public func apply(_ update: LeadUpdate, at now: Date) throws {
        let id = update.leadID
        // The lead's row locked for the rest of the transaction: two hosts changing one lead take turns, and the
        // status checked here is the status changed.
        guard
            let current = try query("SELECT status, score, owner FROM leads WHERE id = $1 FOR UPDATE", [id]).first
        else { throw LifecycleError.unknownLead(id) }
        let currentScore = current.int("score") ?? 0
        func log(_ kind: LeadEvent.Kind, _ text: String) throws {
            try query(
                "INSERT INTO lead_events (lead_id, date, \"by\", kind, text) VALUES ($1, $2, $3, $4, $5)",
                [id, now, update.by, kind.rawValue, text])
        }
        if let (change, from) = update.status {
            let status = current.string("status").flatMap(LeadStatus.init(rawValue:)) ?? .new
            guard status == from else { throw LifecycleError.transition(from: status, to: change.status) }
            try query(
                """
                UPDATE leads SET status = $1,
                    reject_reason = CASE WHEN $1 = 'rejected' THEN COALESCE($2, reject_reason) END,
                    value = COALESCE($3, value), close_date = COALESCE($4, close_date),
                    nurture_until = CASE WHEN $1 = 'nurture' THEN $5 ELSE nurture_until END
                WHERE id = $6
                """,
                [change.status.rawValue, change.reason, change.value, change.closeDate, change.until, id])
            try log(.status, change.describe(from: from))
        }
        if let edit = update.contact, !edit.isEmpty {
            let before = try query("SELECT name, phone, company FROM leads WHERE id = $1", [id]).first
            var changes: [String] = []
            for (column, value) in [("name", edit.name), ("phone", edit.phone), ("company", edit.company)] {
                guard let value else { continue }
                let old = before?.string(column)
                let new: String? = value.isEmpty ? nil : value
                guard old != new else { continue }
                // `column` is one of the three names above, never input.
                try query("UPDATE leads SET \(column) = $1 WHERE id = $2", [new, id])
                changes.append("\(column) \(old.map { "'\($0)'" } ?? "—") → \(new.map { "'\($0)'" } ?? "—")")
            }
            if !changes.isEmpty { try log(.contact, changes.joined(separator: ", ")) }
        }
        if let origin = update.origin {
            try query(
                "UPDATE leads SET source = $1, campaign = $2, created_at = $3 WHERE id = $4",
                [origin.source, origin.campaign, origin.createdAt, id])
            let campaign = origin.campaign.map { ", campaign \($0)" } ?? ""
            try log(.note, "counted as from \(origin.source)\(campaign), created as \(origin.from) was")
        }
        for task in update.reopenTasks {
            let reopened = try query(
                """
                UPDATE tasks SET done_at = NULL, done_by = NULL WHERE id = $1 AND lead_id = $2 AND done_at IS NOT NULL
                """,
                [task, id])
            guard reopened.affected == 1 else { throw LifecycleError.unknownTask(task) }
            try log(.task, "task \(task) reopened")
        }
        if let rating = update.rating {
            try query("UPDATE leads SET rating = $1 WHERE id = $2", [rating.rawValue, id])
            try log(.rating, "rated \(rating.rawValue) (\(rating.meaning))")
        }
        // The score, its matches, the owner, what the rules have seen, the first contact and the update time go
        // into the lead's row in one statement at the end (`updateLeadRow`); here only their log entries.
        let newScore = update.score.flatMap { $0 != currentScore ? $0 : nil }
        if let score = newScore { try log(.score, "score \(currentScore) → \(score)") }
        if let owner = update.owner {
            let previous = current.string("owner")
            let moved = try query(
                "UPDATE tasks SET owner = $1 WHERE lead_id = $2 AND done_at IS NULL", [owner.email, id]
            ).affected
            let from = previous.map { "\($0) → " } ?? ""
            let tasks = moved > 0 ? ", \(moved) open task\(moved == 1 ? "" : "s") moved" : ""
            let why = owner.reason.map { "; \($0)" } ?? ""
            try log(.assignment, "owner \(from)\(owner.email)\(owner.team.map { " (team \($0))" } ?? "")\(tasks)\(why)")
        }
        for tag in update.addTags {
            let added = try query(
                "INSERT INTO lead_tags (lead_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING", [id, tag])
            if added.affected > 0 { try log(.tag, "tagged '\(tag)'") }
        }
        for tag in update.removeTags {
            let removed = try query("DELETE FROM lead_tags WHERE lead_id = $1 AND lower(tag) = lower($2)", [id, tag])
            if removed.affected > 0 { try log(.tag, "untagged '\(tag)'") }
        }
        if let day = update.remindOn {
            try query("UPDATE leads SET remind_on = $1 WHERE id = $2", [day, id])
            try log(.reminder, "remind on \(day)")
        }
        if update.reminderFired {
            try query("UPDATE leads SET remind_on = NULL WHERE id = $1", [id])
        }
        if update.completeFollowUps {
            try query(
                "UPDATE tasks SET done_at = $1, done_by = $2 WHERE lead_id = $3 AND follow_up AND done_at IS NULL",
                [now, update.by, id])
        }
        // Nothing above changes the owner but the update's own assignment.
        let owner = update.owner?.email ?? current.string("owner")
        for task in update.newTasks {
            let taskID =
                try query(
                    """
                    INSERT INTO tasks (lead_id, kind, due, owner, follow_up, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                    RETURNING id
                    """, [id, task.kind.rawValue, task.due, task.owner ?? owner, task.isFollowUp, now]
                ).first?.int64("id") ?? 0
            let what = task.isFollowUp ? "follow-up" : "task"
            try log(.task, "\(what) \(taskID): \(task.kind.rawValue) due \(task.due)")
        }
        for (kind, text) in update.events { try log(kind, text) }
        for notice in update.notices {
            var mail = notice
            mail.kind = .notification
            _ = try enqueue(mail, leadID: id, now: now)
            try log(.notification, "told \(notice.recipients.joined(separator: ", ")): \(notice.subject)")
        }
        if let team = update.advanceTurn {
            try query(
                """
                INSERT INTO team_turns (team, turn) VALUES ($1, 1)
                ON CONFLICT (team) DO UPDATE SET turn = team_turns.turn + 1
                """, [team])
        }
        if let digest = update.digest {
            try query("INSERT INTO digests (owner, day) VALUES ($1, $2)", [digest.owner, digest.day])
        }
        try updateLeadRow(update, score: newScore, now: now)
    }

    /// The columns of the lead's row an update sets, in one statement: each `UPDATE` of a row writes a new version
    /// of it (and, when an indexed column changed, new index entries), so the rules' pass after a backlog writes
    /// each new lead once, not once for its score, its matches, what the rules have seen and the update time.
    private func updateLeadRow(_ update: LeadUpdate, score: Int?, now: Date) throws {
        var assignments: [String] = []
        var values: [(any PostgresBindable)?] = []
        // `assignment` with its `?` as the value's parameter.
        func set(_ assignment: String, _ value: (any PostgresBindable)?) {
            values.append(value)
            assignments.append(assignment.replacingOccurrences(of: "?", with: "$\(values.count)"))
        }
        set("updated_at = ?", now)
        if let score { set("score = ?", score) }
        if let matches = update.scoreMatches,
            let json = try? String(decoding: Self.jsonEncoder.encode(matches), as: UTF8.self)
        {
            set("score_matches = ?", json)
        }
        if let owner = update.owner {
            set("owner = ?", owner.email)
            set("team = ?", owner.team)
        }
        if let seen = update.workflowSeen { set("workflow_seen = GREATEST(workflow_seen, ?)", seen) }
        if let first = update.firstContactAt { set("first_contact_at = COALESCE(first_contact_at, ?)", first) }
        values.append(update.leadID)
        try query("UPDATE leads SET \(assignments.joined(separator: ", ")) WHERE id = $\(values.count)", values)
    }

    public func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask {
        guard let row = try query("SELECT * FROM tasks WHERE id = $1 AND done_at IS NULL FOR UPDATE", [id]).first
        else { throw LifecycleError.unknownTask(id) }
        var task = Self.task(row)
        try query("UPDATE tasks SET done_at = $1, done_by = $2 WHERE id = $3", [now, by, id])
        var update = LeadUpdate(leadID: task.leadID, by: by)
        update.events = [(.task, "task \(id) done: \(task.kind.rawValue) (due \(task.due))")]
        update.firstContactAt = now
        if task.kind == .call || task.kind == .meeting,
            let raw = try query("SELECT status FROM leads WHERE id = $1", [task.leadID]).first?.string("status"),
            let status = LeadStatus(rawValue: raw)
        {
            update.recordHumanContact(at: now, status: status)
        }
        try apply(update, at: now)
        task.doneAt = now
        task.doneBy = by
        return task
    }

    public func merge(_ duplicate: Int64, into keep: Int64, by: String, at now: Date) throws {
        guard duplicate != keep else { return }
        // Both rows locked, lower id first, so that two merges of the same pair cannot deadlock.
        let locked = try query(
            "SELECT \(Self.leadColumns) FROM leads WHERE id IN ($1, $2) ORDER BY id FOR UPDATE", [keep, duplicate]
        ).map(Self.lead)
        guard let kept = locked.first(where: { $0.id == keep }) else { throw LifecycleError.unknownLead(keep) }
        guard let gone = locked.first(where: { $0.id == duplicate }) else {
            throw LifecycleError.unknownLead(duplicate)
        }
        for table in ["communications", "lead_events", "tasks", "outbox", "outbox_attempts"] {
            try query("UPDATE \(table) SET lead_id = $1 WHERE lead_id = $2", [keep, duplicate])
        }
        try query(
            """
            INSERT INTO lead_tags (lead_id, tag) SELECT $1, tag FROM lead_tags WHERE lead_id = $2 ON CONFLICT DO NOTHING
            """,
            [keep, duplicate])
        try query("DELETE FROM lead_tags WHERE lead_id = $1", [duplicate])
        try query(
            """
            UPDATE leads SET name = COALESCE(leads.name, gone.name), phone = COALESCE(leads.phone, gone.phone),
                company = COALESCE(leads.company, gone.company), updated_at = $1,
                first_contact_at = LEAST(leads.first_contact_at, gone.first_contact_at),
                remind_on = LEAST(leads.remind_on, gone.remind_on)
            FROM leads AS gone WHERE leads.id = $2 AND gone.id = $3
            """, [now, keep, duplicate])
        // Its tracked links keep working, for the lead it became.
        for table in ["tracked_links", "link_clicks"] {
            try query("UPDATE \(table) SET lead_id = $1 WHERE lead_id = $2", [keep, duplicate])
        }
        try query("DELETE FROM leads WHERE id = $1", [duplicate])
        try query(
            "INSERT INTO lead_events (lead_id, date, \"by\", kind, text) VALUES ($1, $2, $3, 'note', $4)",
            [keep, now, by, "merged \(gone.number) (\(gone.email)) into \(kept.number): its whole log is here now"])
    }

    public func deleteLead(_ id: Int64) throws -> Lead {
        guard
            let lead = try query("SELECT \(Self.leadColumns) FROM leads WHERE id = $1 FOR UPDATE", [id]).first
                .map(Self.lead)
        else { throw LifecycleError.unknownLead(id) }
        for statement in [
            "DELETE FROM outbox_attempts WHERE lead_id = $1",
            "DELETE FROM outbox_content WHERE outbox_id IN (SELECT id FROM outbox WHERE lead_id = $1)",
            "DELETE FROM outbox WHERE lead_id = $1", "DELETE FROM communications WHERE lead_id = $1",
            "DELETE FROM lead_events WHERE lead_id = $1", "DELETE FROM lead_tags WHERE lead_id = $1",
            "DELETE FROM tasks WHERE lead_id = $1", "DELETE FROM leads WHERE id = $1",
        ] {
            try query(statement, [id])
        }
        return lead
    }

    public func queue(_ mail: OutgoingMail, leadID: Int64, at now: Date) throws -> OutboxItem {
        guard try query("SELECT 1 FROM leads WHERE id = $1", [leadID]).first != nil else {
            throw LifecycleError.unknownLead(leadID)
        }
        return try enqueue(mail, leadID: leadID, now: now)
    }

    /// The mail logged on the lead as an outbound message of its kind, its outbox row and its content.
    func enqueue(_ mail: OutgoingMail, leadID: Int64, now: Date) throws(PostgresError) -> OutboxItem {
        let due = mail.notBefore ?? now
        let row = try query(
            """
            WITH logged AS (
                INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,
                    message_id, status, text, created_at)
                VALUES ($1, 'outbound', $2, $3, $4, $5, $6, $7, 'queued', $8, $3) RETURNING id
            ), queued AS (
                INSERT INTO outbox (lead_id, communication_id, message_id, envelope_from, recipients, from_address,
                    to_address, subject, state, attempts, next_attempt_at, created_at)
                SELECT $1, logged.id, $7, $9, $10, $4, $5, $6, 'queued', 0, $11, $3 FROM logged RETURNING id
            )
            INSERT INTO outbox_content (outbox_id, text, raw) SELECT queued.id, $8, $12 FROM queued
            RETURNING outbox_id
            """,
            [
                leadID, mail.kind.rawValue, now, mail.from, mail.to, mail.subject, mail.messageID, mail.text,
                mail.envelopeFrom, mail.recipients.joined(separator: "\n"), due, PostgresBytes(mail.raw),
            ]
        ).first
        if !mail.trackedLinks.isEmpty { try insertTrackedLinks(mail.trackedLinks, leadID: leadID, now: now) }
        return OutboxItem(
            id: row?.int64("outbox_id") ?? 0, leadID: leadID, mail: mail, state: .queued, attempts: 0,
            nextAttemptAt: due, lastError: nil, createdAt: now, sentAt: nil)
    }
}
