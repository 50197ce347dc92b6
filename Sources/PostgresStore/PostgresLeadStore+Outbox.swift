import Foundation
import LeadStore
import Leads

/// The outbox on PostgreSQL: a claim is a lease (`lease_until`), so that a row held by a host that died is
/// recovered by any other once the lease has passed; a row handed over to the relay is still never resent
/// automatically (it fails as uncertain), exactly as on SQLite.
extension PostgresLeadStore: OutboxLedger {
    public func dueUnclaimedOutbox(at now: Date, limit: Int) throws -> [OutboxItem] {
        try reading { tx in
            try tx.query(
                """
                SELECT outbox.*, content.text, content.raw,
                    EXISTS (SELECT 1 FROM outbox_attempts a WHERE a.outbox_id = outbox.id) AS attempted
                FROM outbox JOIN outbox_content content ON content.outbox_id = outbox.id
                WHERE state = 'queued' AND claimed_by IS NULL AND next_attempt_at <= $1
                ORDER BY next_attempt_at, id LIMIT $2
                """, [now, limit]
            ).map { row in
                var item = PostgresTransaction.outboxItem(row)
                item.attempted = row.bool("attempted") ?? false
                return item
            }
        }
    }

    public func claimOutbox(id: Int64, owner: String, limits: DeliveryLimits, at now: Date, handingOver: Bool)
        throws -> OutboxClaim
    {
        try writing { tx in
            // The row locked, or skipped when another host holds the lock: that host is claiming it now.
            guard
                let row = try tx.query(
                    """
                    SELECT o.recipients, o.lead_id, c.kind FROM outbox o
                    LEFT JOIN communications c ON c.id = o.communication_id
                    WHERE o.id = $1 AND o.state = 'queued' AND o.claimed_by IS NULL AND o.next_attempt_at <= $2
                    FOR UPDATE OF o SKIP LOCKED
                    """, [id, now]
                ).first
            else { return .unavailable }
            if let perHour = limits.perHour {
                let recent = try tx.query(
                    "SELECT handed_over_at FROM outbox WHERE handed_over_at > $1 ORDER BY handed_over_at",
                    [now.addingTimeInterval(-3600)]
                ).map { $0.date("handed_over_at") ?? now }
                if recent.count >= perHour {
                    return .rateLimited(until: recent[recent.count - perHour].addingTimeInterval(3600))
                }
            }
            let recipients = row.string("recipients") ?? ""
            if let bounced = try tx.undeliverable(outboxID: id, recipients: recipients) {
                try tx.fail(id, outcome: .undeliverable, reason: bounced, result: "undeliverable", owner: owner, now)
                return .suppressed(bounced)
            }
            if let perRecipient = limits.perRecipient, row.string("kind") == "autoreply" {
                let answered =
                    try tx.query(
                        """
                        SELECT COUNT(*) AS n FROM outbox o JOIN communications c ON c.id = o.communication_id
                        WHERE lower(o.recipients) = lower($1) AND o.id <> $2 AND c.kind = 'autoreply'
                            AND o.handed_over_at > $3 AND (o.state <> 'failed' OR o.outcome = 'uncertain')
                        """, [recipients, id, now.addingTimeInterval(-limits.perRecipientWindow)]
                    ).first?.int("n") ?? 0
                if answered >= perRecipient {
                    let hours = Int((limits.perRecipientWindow / 3600).rounded())
                    let reason =
                        "not sent: \(recipients.replacingOccurrences(of: "\n", with: ", ")) already got "
                        + "\(answered) automatic repl\(answered == 1 ? "y" : "ies") in the last \(hours) h "
                        + "(limit \(perRecipient), setting perRecipientReplyLimit)"
                    try tx.fail(id, outcome: .suppressed, reason: reason, result: "suppressed", owner: owner, now)
                    return .suppressed(reason)
                }
            }
            try tx.query(
                """
                UPDATE outbox SET claimed_by = $1, claimed_at = $2, lease_until = $3, handed_over_at = $4 WHERE id = $5
                """, [owner, now, now.addingTimeInterval(leaseDuration), handingOver ? now : nil, id])
            return .claimed
        }
    }

    public func releaseOutbox(ids: [Int64], owner: String) throws {
        guard !ids.isEmpty else { return }
        try writing { tx in
            try tx.query(
                """
                UPDATE outbox SET claimed_by = NULL, lease_until = NULL, handed_over_at = NULL
                WHERE id = ANY($1::bigint[]) AND claimed_by = $2 AND state = 'queued'
                """, [PostgresTextArray(ids.map(String.init)), owner])
        }
    }

    public func markHandedOver(outboxID: Int64, owner: String, at now: Date) throws {
        try writing { tx in
            let marked = try tx.query(
                "UPDATE outbox SET handed_over_at = $1 WHERE id = $2 AND claimed_by = $3", [now, outboxID, owner])
            guard marked.affected == 1 else {
                throw StoreError(
                    path: location.description, operation: "recording the handover of outbox row \(outboxID)",
                    underlying: "the row is no longer held by \(owner); it is not sent now")
            }
        }
    }

    public func finishSent(outboxID: Int64, serverReply: String, at now: Date) throws {
        // Dating the reply dates the lead's first reply, a write of the lead's row: on its own (a relay's answer)
        // its person is taken first, as a batch takes all of its people, so that it queues behind a batch of the
        // lead rules that holds the lead instead of deadlocking with it.
        let alone = scope.connection() == nil
        try writing { tx in
            if alone { try tx.holdPerson(ofOutbox: outboxID) }
            try tx.logAttempt(outboxID, result: "sent", reply: serverReply, now)
            try tx.query(
                """
                UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL,
                    outcome = NULL, claimed_by = NULL, lease_until = NULL, handed_over_at = COALESCE(handed_over_at, $1)
                WHERE id = $2
                """, [now, outboxID])
            try tx.updateCommunication(outboxID, status: "sent", detail: serverReply, date: now)
        }
    }

    public func finishFailed(
        outboxID: Int64, error: String, retryAt: Date?, outcome: OutboxOutcome, at now: Date
    ) throws {
        try writing { tx in
            guard let retryAt else {
                try tx.query("UPDATE outbox SET attempts = attempts + 1 WHERE id = $1", [outboxID])
                try tx.fail(outboxID, outcome: outcome, reason: error, result: outcome.rawValue, owner: nil, now)
                return
            }
            try tx.logAttempt(outboxID, result: "deferred", reply: error, now)
            try tx.query(
                """
                UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
                    claimed_by = NULL, lease_until = NULL, handed_over_at = NULL, outcome = NULL
                WHERE id = $3
                """, [error, retryAt, outboxID])
            try tx.updateCommunication(outboxID, status: "queued", detail: error, date: nil)
        }
    }

    /// As on SQLite, for the owners `isAbandoned` names (dead processes of this host); and, on any host, for every
    /// row whose lease has passed: its holder died or lost the database.
    public func recoverAbandonedOutbox(isAbandoned: (String) -> Bool, resendIsHarmless: Bool, at now: Date) throws
        -> OutboxRecovery
    {
        let held = try reading { tx in
            try tx.query(
                "SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND lease_until < $1", [now]
            )
            .map { $0.string("claimed_by") ?? "" }
                + tx.query("SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL")
                .map { $0.string("claimed_by") ?? "" }.filter(isAbandoned)
        }
        guard !held.isEmpty else { return OutboxRecovery() }
        return try writing { tx in
            var recovery = OutboxRecovery()
            let rows = try tx.query(
                """
                SELECT id, claimed_by, handed_over_at, message_id, lease_until < $1 AS expired FROM outbox
                WHERE claimed_by IS NOT NULL ORDER BY id FOR UPDATE SKIP LOCKED
                """, [now])
            for row in rows.map({ $0 }) {
                let id = row.int64("id") ?? 0
                let owner = row.string("claimed_by") ?? ""
                guard row.bool("expired") == true || isAbandoned(owner) else { continue }
                if row.string("handed_over_at") == nil || resendIsHarmless {
                    let why =
                        resendIsHarmless
                        ? "\(owner) stopped while delivering it; queued again (the outbox maildir keeps one copy)"
                        : "\(owner) stopped before the relay had the message; queued again"
                    try tx.logAttempt(id, result: "interrupted", reply: why, now)
                    try tx.query(
                        "UPDATE outbox SET claimed_by = NULL, lease_until = NULL, handed_over_at = NULL WHERE id = $1",
                        [id])
                    recovery.requeued.append(id)
                } else {
                    let messageID = row.string("message_id") ?? ""
                    let reason =
                        "uncertain: \(owner) stopped after handing <\(messageID)> to the relay and before "
                        + "its answer, so it was probably delivered; it is not resent automatically. If the "
                        + "relay's log has no such Message-ID, send it with `leadmail outbox retry \(id)`."
                    try tx.fail(id, outcome: .uncertain, reason: reason, result: "uncertain", owner: owner, now)
                    recovery.uncertain.append(id)
                }
            }
            return recovery
        }
    }

    public func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue {
        try writing { tx in try tx.requeueOutbox(id: id, confirmed: confirmed, by: by, at: now) }
    }

    public func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool {
        try writing { tx in try tx.cancelOutbox(id: id, by: by, at: now) }
    }

    public func outboxEntries(includeSent: Bool) throws -> [OutboxEntry] {
        try reading { tx in try tx.outboxEntries(includeSent: includeSent) }
    }

    public func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt] {
        try reading { tx in try tx.outboxAttempts(outboxID: outboxID) }
    }
}

extension PostgresTransaction {
    public func requeueOutbox(id: Int64?, confirmed: Bool, by: String, at now: Date) throws -> OutboxRequeue {
        let ids: [Int64]
        var overruled = false
        if let id {
            guard
                let row = try query(
                    """
                    SELECT outcome FROM outbox WHERE id = $1 AND state <> 'sent' AND claimed_by IS NULL FOR UPDATE
                    """,
                    [id]
                ).first
            else { return .requeued(0) }
            if let outcome = row.string("outcome").flatMap(OutboxOutcome.init), outcome.needsConfirmationToRetry {
                guard confirmed else { return .needsConfirmation(outcome) }
                overruled = true
            }
            ids = [id]
        } else {
            ids = try query(
                """
                SELECT id FROM outbox WHERE state = 'failed' AND claimed_by IS NULL
                    AND (outcome IS NULL OR outcome IN ('rejected', 'expired'))
                ORDER BY id FOR UPDATE
                """
            ).map { $0.int64("id") ?? 0 }
        }
        let how = overruled ? "queued again, confirmed, by \(by)" : "queued again by \(by)"
        for id in ids {
            try logAttempt(id, result: overruled ? "confirmed" : "requeued", reply: how, now)
            try query(
                """
                UPDATE outbox SET state = 'queued', outcome = NULL, next_attempt_at = $1, handed_over_at = NULL
                WHERE id = $2
                """, [now, id])
            try updateCommunication(id, status: "queued", detail: how, date: nil)
        }
        return .requeued(ids.count)
    }

    public func cancelOutbox(id: Int64, by: String, at now: Date) throws -> Bool {
        guard
            try query(
                """
                SELECT 1 FROM outbox WHERE id = $1 AND state <> 'sent' AND claimed_by IS NULL
                    AND outcome IS DISTINCT FROM 'cancelled' FOR UPDATE
                """, [id]
            ).first != nil
        else { return false }
        try fail(
            id, outcome: .cancelled, reason: "cancelled by \(by); not sent", result: "cancelled",
            owner: nil, now)
        return true
    }

    public func outboxEntries(includeSent: Bool) throws -> [OutboxEntry] {
        return try query(
            "\(PostgresTransaction.outboxWithContent) WHERE $1::boolean OR state <> 'sent' ORDER BY id",
            [includeSent]
        ).map { row in
            OutboxEntry(
                item: PostgresTransaction.outboxItem(row),
                outcome: row.string("outcome").flatMap(OutboxOutcome.init),
                claimedBy: row.string("claimed_by"), handedOverAt: row.date("handed_over_at"))
        }
    }

    public func outboxAttempts(outboxID: Int64) throws -> [OutboxAttempt] {
        return try query("SELECT * FROM outbox_attempts WHERE outbox_id = $1 ORDER BY id", [outboxID]).map { row in
            OutboxAttempt(
                outboxID: row.int64("outbox_id") ?? 0, leadID: row.int64("lead_id") ?? 0,
                date: row.date("date") ?? .distantPast, result: row.string("result") ?? "",
                reply: row.string("reply"), process: row.string("process"))
        }
    }
}

extension PostgresTransaction {
    /// Why a row must not go out: a mail to the same address bounced (nil when none did, or when an operator
    /// confirmed this row).
    func undeliverable(outboxID: Int64, recipients: String) throws(PostgresError) -> String? {
        guard
            let bounce = try query(
                """
                SELECT id, last_error FROM outbox
                WHERE recipients IN ($1, lower($1)) AND outcome = 'bounced' AND id <> $2
                    AND NOT EXISTS (SELECT 1 FROM outbox_attempts WHERE outbox_id = $2 AND result = 'confirmed')
                ORDER BY id DESC LIMIT 1
                """, [recipients, outboxID]
            ).first
        else { return nil }
        let why = bounce.string("last_error") ?? "it was returned"
        return "not sent: \(recipients.replacingOccurrences(of: "\n", with: ", ")) is undeliverable: outbox row "
            + "\(bounce.int64("id") ?? 0) bounced (\(why)); `leadmail outbox retry \(outboxID) --confirm` sends it "
            + "all the same"
    }

    /// Fails a row for good with `outcome`, logging the attempt and telling the lead's log why.
    func fail(
        _ id: Int64, outcome: OutboxOutcome, reason: String, result: String, owner: String?, _ now: Date
    ) throws(PostgresError) {
        try logAttempt(id, result: result, reply: reason, now, owner: owner)
        try query(
            """
            UPDATE outbox SET state = 'failed', outcome = $1, last_error = $2, claimed_by = NULL, lease_until = NULL
            WHERE id = $3
            """, [outcome.rawValue, reason, id])
        try updateCommunication(id, status: "failed", detail: reason, date: nil)
    }

    func logAttempt(_ id: Int64, result: String, reply: String?, _ now: Date, owner: String? = nil)
        throws(PostgresError)
    {
        try query(
            """
            INSERT INTO outbox_attempts (outbox_id, lead_id, date, result, reply, process)
            SELECT id, lead_id, $1, $2, $3, COALESCE($4, claimed_by) FROM outbox WHERE id = $5
            """, [now, result, reply, owner, id])
    }

    func updateCommunication(_ id: Int64, status: String, detail: String, date: Date?) throws(PostgresError) {
        try query(
            """
            UPDATE communications SET status = $1, detail = $2, date = COALESCE($3, date)
            WHERE id = (SELECT communication_id FROM outbox WHERE id = $4)
            """, [status, detail, date, id])
    }

    /// A non-delivery report recorded on `lead`: the sent mails it returns fail as `bounced` with its words,
    /// and the lead is tagged `undeliverable` with a line in its work log.
    func recordBounce(_ notice: NoticeRecord, of message: InboundMessage, lead: Lead, now: Date)
        throws(PostgresError)
    {
        let failed = Set(notice.failedRecipients.map { $0.lowercased() })
        let addresses = Array(failed) + (failed.contains(lead.email.lowercased()) ? [lead.email] : [])
        let ids = notice.returnedMessageIDs
        guard !ids.isEmpty || !addresses.isEmpty else { return }
        let returned = try query(
            """
            SELECT id, recipients FROM outbox WHERE lead_id = $1 AND state = 'sent'
                AND (message_id = ANY($2::text[]) OR recipients = ANY($3::text[]))
            """, [lead.id, PostgresTextArray(ids), PostgresTextArray(addresses)]
        ).map { (id: $0.int64("id") ?? 0, recipients: $0.string("recipients") ?? "") }
        let from = message.from.isEmpty ? "a mail system" : message.from
        let reason = "returned by \(from): \(notice.summary)"
        for row in returned {
            try fail(row.id, outcome: .bounced, reason: reason, result: "bounced", owner: nil, now)
        }
        let returnedTo = returned.flatMap { $0.recipients.split(separator: "\n").map(String.init) }
        let undeliverable = Set(returnedTo).union(failed.filter { $0 == lead.email.lowercased() })
        guard !undeliverable.isEmpty else { return }
        try query("INSERT INTO lead_tags (lead_id, tag) VALUES ($1, 'undeliverable') ON CONFLICT DO NOTHING", [lead.id])
        try query(
            "INSERT INTO lead_events (lead_id, date, \"by\", kind, text) VALUES ($1, $2, $3, 'note', $4)",
            [
                lead.id, now, LeadEvent.system,
                "\(undeliverable.sorted().joined(separator: ", ")) undeliverable: \(reason)",
            ])
    }
}
