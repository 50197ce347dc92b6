import Foundation
import GRDB
import Leads

extension SQLiteLeadStore: OutboxLedger {
    public func dueUnclaimedOutbox(at now: Date, limit: Int) throws -> [OutboxItem] {
        try read { db in
            try Row.decodeAll(
                db.cachedStatement(
                    sql: """
                        SELECT outbox.*, content.text, content.raw,
                            EXISTS (SELECT 1 FROM outbox_attempts a WHERE a.outbox_id = outbox.id) AS attempted
                        FROM outbox JOIN outbox_content content ON content.outbox_id = outbox.id
                        WHERE state = 'queued' AND claimed_by IS NULL AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?
                        """),
                arguments: [StoredDate(now), limit], Self.outboxItem)
        }
    }

    public func claimOutbox(id: Int64, owner: String, limits: DeliveryLimits, at now: Date, handingOver: Bool)
        throws -> OutboxClaim
    {
        // The handover commit that follows a claim syncs it; see `writeSyncedByNextCommit`.
        try writeSyncedByNextCommit { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT o.recipients, o.lead_id, c.kind FROM outbox o
                            LEFT JOIN communications c ON c.id = o.communication_id
                            WHERE o.id = ? AND o.state = 'queued' AND o.claimed_by IS NULL AND o.next_attempt_at <= ?
                            """),
                    arguments: [id, StoredDate(now)])
            else { return .unavailable }
            if let perHour = limits.perHour {
                let hourAgo = now.addingTimeInterval(-3600)
                let recent = try Date.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT handed_over_at FROM outbox WHERE handed_over_at > ? ORDER BY handed_over_at"),
                    arguments: [StoredDate(hourAgo)])
                if recent.count >= perHour {
                    let oldest = recent[recent.count - perHour]
                    return .rateLimited(until: oldest.addingTimeInterval(3600))
                }
            }
            if let bounced = try undeliverable(outboxID: id, recipients: row["recipients"], db) {
                try fail(id, outcome: .undeliverable, reason: bounced, result: "undeliverable", owner: owner, now, db)
                return .suppressed(bounced)
            }
            // Only automatic replies to enquirers are limited per address; notices to our staff are not.
            if let perRecipient = limits.perRecipient, row["kind"] as String? == "autoreply" {
                let recipients: String = row["recipients"]
                let answered = try Self.autoRepliesOnRecord(
                    to: recipients, excluding: [id], since: now.addingTimeInterval(-limits.perRecipientWindow), db)
                if answered >= perRecipient {
                    let reason = Self.overLimitReason(recipients, answered: answered, limits: limits)
                    try fail(id, outcome: .suppressed, reason: reason, result: "suppressed", owner: owner, now, db)
                    return .suppressed(reason)
                }
            }
            try Self.run(
                db, sql: "UPDATE outbox SET claimed_by = ?, claimed_at = ?, handed_over_at = ? WHERE id = ?",
                arguments: [owner, StoredDate(now), handingOver ? StoredDate(now) : nil, id])
            return .claimed
        }
    }

    /// Why a row must not go out: a mail to the same address bounced (nil when none did, or when an operator
    /// confirmed this row with `leadmail outbox retry ID --confirm`).
    private func undeliverable(outboxID: Int64, recipients: String, _ db: Database) throws -> String? {
        // The address as written and lowercased, compared as stored: the outbox_recipient index answers it (a
        // COLLATE NOCASE comparison would read the whole outbox for every reply). Each form by a look-up of its
        // own and the newest of the two by MAX: `IN (?, ?)` on the index and `ORDER BY id` each made SQLite build
        // a temporary table for every reply it claimed.
        guard
            let bounce = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT id, last_error FROM outbox
                        WHERE id = MAX(
                                COALESCE((SELECT MAX(id) FROM outbox
                                    WHERE recipients = ?1 AND outcome = 'bounced' AND id != ?3), 0),
                                COALESCE((SELECT MAX(id) FROM outbox
                                    WHERE recipients = ?2 AND outcome = 'bounced' AND id != ?3), 0))
                            AND NOT EXISTS (SELECT 1 FROM outbox_attempts WHERE outbox_id = ?3 AND result = 'confirmed')
                        """),
                arguments: [recipients, recipients.lowercased(), outboxID])
        else { return nil }
        return Self.undeliverableReason(
            recipients, outboxID: outboxID, bounceID: bounce["id"], bounceError: bounce["last_error"])
    }

    static func undeliverableReason(
        _ recipients: String, outboxID: Int64, bounceID: Int64, bounceError: String?
    ) -> String {
        "not sent: \(recipients.replacingOccurrences(of: "\n", with: ", ")) is undeliverable: outbox row "
            + "\(bounceID) bounced (\(bounceError ?? "it was returned")); `leadmail outbox retry \(outboxID) --confirm` "
            + "sends it all the same"
    }

    /// How many automatic replies to `recipients` (in any case, as `COLLATE NOCASE` compares) were handed over
    /// since `since` and count against the per-recipient limit, other than the rows `excluding` (the one being
    /// claimed, and a batch's own claims, which the batch counts itself).
    static func autoRepliesOnRecord(to recipients: String, excluding ids: [Int64], since: Date, _ db: Database)
        throws -> Int
    {
        try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT COUNT(*) FROM outbox o JOIN communications c ON c.id = o.communication_id
                    WHERE o.recipients = ? COLLATE NOCASE AND o.id NOT IN (SELECT value FROM json_each(?))
                        AND c.kind = 'autoreply' AND o.handed_over_at > ?
                        AND (o.state != 'failed' OR o.outcome = 'uncertain')
                    """),
            arguments: [recipients, jsonList(ids), StoredDate(since)]) ?? 0
    }

    static func overLimitReason(_ recipients: String, answered: Int, limits: DeliveryLimits) -> String {
        let hours = Int((limits.perRecipientWindow / 3600).rounded())
        return "not sent: \(recipients.replacingOccurrences(of: "\n", with: ", ")) already got "
            + "\(answered) automatic repl\(answered == 1 ? "y" : "ies") in the last \(hours) h "
            + "(limit \(limits.perRecipient ?? 0), setting perRecipientReplyLimit)"
    }

    /// A non-delivery report recorded on `lead`: the sent mails it returns fail as `bounced` with its words,
    /// and the lead is tagged `undeliverable` with a line in its work log, so nobody writes to the address again
    /// without seeing why.
    func recordBounce(_ notice: NoticeRecord, of message: InboundMessage, lead: Lead, now: Date, _ db: Database)
        throws
    {
        // By the returned copy's Message-IDs and the failed addresses, each answered by an index of its own.
        let failed = Set(notice.failedRecipients.map { $0.lowercased() })
        let ids = notice.returnedMessageIDs
        // The lead's address as written too: the outbox keeps it so, a notice gives it lowercased.
        let addresses = Array(failed) + (failed.contains(lead.email.lowercased()) ? [lead.email] : [])
        guard !ids.isEmpty || !addresses.isEmpty else { return }
        let marks = { (count: Int) in Array(repeating: "?", count: max(count, 1)).joined(separator: ", ") }
        var arguments: StatementArguments = [lead.id]
        arguments += StatementArguments(ids.isEmpty ? [""] : ids)
        arguments += StatementArguments(addresses.isEmpty ? [""] : addresses)
        let returned = try Row.fetchAll(
            db.makeStatement(
                sql: """
                    SELECT id, recipients FROM outbox WHERE lead_id = ? AND state = 'sent'
                        AND (message_id IN (\(marks(ids.count))) OR recipients IN (\(marks(addresses.count))))
                    """),
            arguments: arguments)
        let from = message.from.isEmpty ? "a mail system" : message.from
        let reason = "returned by \(from): \(notice.summary)"
        for row in returned {
            let id: Int64 = row["id"]
            try fail(id, outcome: .bounced, reason: reason, result: "bounced", owner: nil, now, db)
        }
        let returnedTo = returned.flatMap { ($0["recipients"] as String).split(separator: "\n").map(String.init) }
        let undeliverable = Set(returnedTo).union(failed.filter { $0 == lead.email.lowercased() })
        guard !undeliverable.isEmpty else { return }
        try Self.run(
            db, sql: "INSERT OR IGNORE INTO lead_tags (lead_id, tag) VALUES (?, 'undeliverable')",
            arguments: [lead.id])
        try Self.run(
            db, sql: "INSERT INTO lead_events (lead_id, date, by, kind, text) VALUES (?, ?, ?, 'note', ?)",
            arguments: [
                lead.id, StoredDate(now), LeadEvent.system,
                "\(undeliverable.sorted().joined(separator: ", ")) undeliverable: \(reason)",
            ])
    }

    public func markHandedOver(outboxID: Int64, owner: String, at now: Date) throws {
        try write { db in
            try Self.run(
                db, sql: "UPDATE outbox SET handed_over_at = ? WHERE id = ? AND claimed_by = ?",
                arguments: [StoredDate(now), outboxID, owner])
            guard db.changesCount == 1 else {
                throw StoreError(
                    path: path, operation: "recording the handover of outbox row \(outboxID)",
                    underlying: "the row is no longer held by \(owner); it is not sent now")
            }
        }
    }

    public func finishSent(outboxID: Int64, serverReply: String, at now: Date) throws {
        // Not synced by itself (`writeSyncedByNextCommit`): the durable record that matters, the handover, came
        // before the relay had the reply. Lost in a power cut, the row is left handed over without an answer, and
        // recovery marks it uncertain (never resent), which is what the disk then knows. One fsync less per reply.
        try writeSyncedByNextCommit { db in
            try logAttempt(outboxID, result: "sent", reply: serverReply, now, db)
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
                        outcome = NULL, claimed_by = NULL, handed_over_at = COALESCE(handed_over_at, ?)
                    WHERE id = ?
                    """,
                arguments: [StoredDate(now), StoredDate(now), outboxID])
            try updateCommunication(outboxID, status: "sent", detail: serverReply, date: now, db)
        }
    }

    public func finishFailed(
        outboxID: Int64, error: String, retryAt: Date?, outcome: OutboxOutcome, at now: Date
    ) throws {
        try write { db in
            guard let retryAt else {
                try Self.run(db, sql: "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", arguments: [outboxID])
                try fail(outboxID, outcome: outcome, reason: error, result: outcome.rawValue, owner: nil, now, db)
                return
            }
            try logAttempt(outboxID, result: "deferred", reply: error, now, db)
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                        claimed_by = NULL, handed_over_at = NULL, outcome = NULL
                    WHERE id = ?
                    """,
                arguments: [error, StoredDate(retryAt), outboxID])
            try updateCommunication(outboxID, status: "queued", detail: error, date: nil, db)
        }
    }

    public func recoverAbandonedOutbox(isAbandoned: (String) -> Bool, resendIsHarmless: Bool, at now: Date) throws
        -> OutboxRecovery
    {
        // Asked at start-up and on every wake of `run`: a read decides whether there is anything to recover, so
        // that a process with nothing to do does not wait for the write lock a busy neighbour keeps taking.
        let holders = try read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL"))
        }
        guard holders.contains(where: isAbandoned) else { return OutboxRecovery() }
        return try write { db in
            var recovery = OutboxRecovery()
            let held = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, claimed_by, handed_over_at, message_id FROM outbox WHERE claimed_by IS NOT NULL"))
            for row in held {
                let id: Int64 = row["id"]
                let owner: String = row["claimed_by"]
                guard isAbandoned(owner) else { continue }
                if row["handed_over_at"] as Date? == nil || resendIsHarmless {
                    let why =
                        resendIsHarmless
                        ? "\(owner) stopped while delivering it; queued again (the outbox maildir keeps one copy)"
                        : "\(owner) stopped before the relay had the message; queued again"
                    try logAttempt(id, result: "interrupted", reply: why, now, db)
                    try Self.run(
                        db, sql: "UPDATE outbox SET claimed_by = NULL, handed_over_at = NULL WHERE id = ?",
                        arguments: [id])
                    recovery.requeued.append(id)
                } else {
                    let messageID: String = row["message_id"]
                    let reason =
                        "uncertain: \(owner) stopped after handing <\(messageID)> to the relay and before "
                        + "its answer, so it was probably delivered; it is not resent automatically. If the "
                        + "relay's log has no such Message-ID, send it with `leadmail outbox retry \(id)`."
                    try fail(id, outcome: .uncertain, reason: reason, result: "uncertain", owner: owner, now, db)
                    recovery.uncertain.append(id)
                }
            }
            return recovery
        }
    }

    public func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue {
        try write { db in
            let ids: [Int64]
            var overruled = false
            if let id {
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT outcome FROM outbox WHERE id = ? AND state != 'sent' AND claimed_by IS NULL"),
                        arguments: [id])
                else { return .requeued(0) }
                if let outcome = (row["outcome"] as String?).flatMap(OutboxOutcome.init),
                    outcome.needsConfirmationToRetry
                {
                    guard confirmed else { return .needsConfirmation(outcome) }
                    overruled = true
                }
                ids = [id]
            } else {
                // Failed in delivery only; a row failed before outcomes were kept has none.
                ids = try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT id FROM outbox WHERE state = 'failed' AND claimed_by IS NULL
                                AND (outcome IS NULL OR outcome IN ('rejected', 'expired'))
                            """))
            }
            let how = overruled ? "queued again, confirmed, by \(by)" : "queued again by \(by)"
            for id in ids {
                try logAttempt(id, result: overruled ? "confirmed" : "requeued", reply: how, now, db)
                try Self.run(
                    db,
                    sql: """
                        UPDATE outbox SET state = 'queued', outcome = NULL, next_attempt_at = ?, handed_over_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [StoredDate(now), id])
                try updateCommunication(
                    id, status: "queued", detail: how, date: nil, db)
            }
            return .requeued(ids.count)
        }
    }

    public func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool {
        try write { db in
            guard
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT 1 FROM outbox WHERE id = ? AND state != 'sent' AND claimed_by IS NULL
                                AND outcome IS NOT 'cancelled'
                            """),
                    arguments: [id]) == true
            else { return false }
            try fail(
                id, outcome: .cancelled, reason: "cancelled by \(by); not sent",
                result: "cancelled", owner: nil, now, db)
            return true
        }
    }

    public func outboxEntries(includeSent: Bool) throws -> [OutboxEntry] {
        try read { db in
            let filter = includeSent ? "" : "WHERE state != 'sent'"
            return try Row.fetchAll(db.cachedStatement(sql: "\(Self.outboxWithContent) \(filter) ORDER BY id")).map {
                row in
                OutboxEntry(
                    item: Self.outboxItem(row), outcome: (row["outcome"] as String?).flatMap(OutboxOutcome.init),
                    claimedBy: row["claimed_by"], handedOverAt: row["handed_over_at"])
            }
        }
    }

    public func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM outbox_attempts WHERE outbox_id = ? ORDER BY id"),
                arguments: [outboxID]
            ).map { row in
                OutboxAttempt(
                    outboxID: row["outbox_id"], leadID: row["lead_id"], date: row["date"], result: row["result"],
                    reply: row["reply"], process: row["process"])
            }
        }
    }

    /// Fails a row for good with `outcome`, logging the attempt and telling the lead's log why.
    func fail(
        _ id: Int64, outcome: OutboxOutcome, reason: String, result: String, owner: String?, _ now: Date,
        _ db: Database
    ) throws {
        try logAttempt(id, result: result, reply: reason, now, db, owner: owner)
        try Self.run(
            db, sql: "UPDATE outbox SET state = 'failed', outcome = ?, last_error = ?, claimed_by = NULL WHERE id = ?",
            arguments: [outcome.rawValue, reason, id])
        try updateCommunication(id, status: "failed", detail: reason, date: nil, db)
    }

    private func logAttempt(
        _ id: Int64, result: String, reply: String?, _ now: Date, _ db: Database, owner: String? = nil
    ) throws {
        try Self.run(
            db,
            sql: """
                INSERT INTO outbox_attempts (outbox_id, lead_id, date, result, reply, process)
                SELECT id, lead_id, ?, ?, ?, COALESCE(?, claimed_by) FROM outbox WHERE id = ?
                """,
            arguments: [StoredDate(now), result, reply, owner, id])
    }

    private func updateCommunication(_ id: Int64, status: String, detail: String, date: Date?, _ db: Database) throws {
        try Self.run(
            db,
            sql: """
                UPDATE communications SET status = ?, detail = ?, date = COALESCE(?, date)
                WHERE id = (SELECT communication_id FROM outbox WHERE id = ?)
                """,
            arguments: [status, detail, date.map(StoredDate.init), id])
    }
}
