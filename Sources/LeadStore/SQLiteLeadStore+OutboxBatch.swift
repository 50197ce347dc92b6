import Foundation
import GRDB
import Leads

/// The outbox maildir's batches: a hundred claims, or a hundred finished replies, in a few statements instead of
/// three to five a row (each with its savepoint), deciding exactly what the same calls one row at a time decide.
extension SQLiteLeadStore {
    public func claimOutboxHandingOver(ids: [Int64], owner: String, limits: DeliveryLimits, at now: Date) throws
        -> [OutboxClaim]
    {
        guard !ids.isEmpty else { return [] }
        // Made durable by the caller's commit, before the batch is handed over (see `claimOutbox`).
        return try writeSyncedByNextCommit { db in
            let due = try Self.claimable(ids, at: now, db)
            let bounces = try Self.bounces(to: due.values.map(\.recipients), ids: ids, db)
            // What the hourly limit counts: the handovers of the last hour, and each claim of this batch.
            var handovers =
                limits.perHour == nil
                ? []
                : try Date.fetchAll(
                    db.cachedStatement(sql: "SELECT handed_over_at FROM outbox WHERE handed_over_at > ?"),
                    arguments: [StoredDate(now.addingTimeInterval(-3600))])
            // `now` as the store keeps it (to the millisecond), as a row-by-row claim would read it back.
            let storedNow = Date.fromDatabaseValue(StoredDate(now).databaseValue) ?? now
            var claims: [OutboxClaim] = []
            var claimed: [ClaimedRow] = []
            // Rows this batch claimed or failed: named twice, the second is no longer due.
            var decided = Set<Int64>()
            for id in ids {
                guard let row = due[id], decided.insert(id).inserted else {
                    claims.append(.unavailable)
                    continue
                }
                if let perHour = limits.perHour, handovers.count >= perHour {
                    handovers.sort()
                    claims.append(.rateLimited(until: handovers[handovers.count - perHour].addingTimeInterval(3600)))
                    break
                }
                if let bounce = bounces.latest(to: row.recipients, except: id) {
                    let reason = Self.undeliverableReason(
                        row.recipients, outboxID: id, bounceID: bounce.id, bounceError: bounce.error)
                    try fail(
                        id, outcome: .undeliverable, reason: reason, result: "undeliverable", owner: owner, now, db)
                    claims.append(.suppressed(reason))
                    continue
                }
                if let perRecipient = limits.perRecipient, row.isAutoReply {
                    let answered = try Self.autoRepliesAnswered(row, id: id, at: now, claimed, limits, db)
                    if answered >= perRecipient {
                        let reason = Self.overLimitReason(row.recipients, answered: answered, limits: limits)
                        try fail(id, outcome: .suppressed, reason: reason, result: "suppressed", owner: owner, now, db)
                        claims.append(.suppressed(reason))
                        continue
                    }
                }
                claimed.append(ClaimedRow(id: id, recipients: row.recipients, isAutoReply: row.isAutoReply))
                handovers.append(storedNow)
                claims.append(.claimed)
            }
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET claimed_by = ?, claimed_at = ?, handed_over_at = ?
                    WHERE id IN (SELECT value FROM json_each(?))
                    """,
                arguments: [owner, StoredDate(now), StoredDate(now), Self.jsonList(claimed.map(\.id))])
            return claims
        }
    }

    public func releaseOutbox(ids: [Int64], owner: String) throws {
        guard !ids.isEmpty else { return }
        try writeSyncedByNextCommit { db in
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET claimed_by = NULL, handed_over_at = NULL
                    WHERE id IN (SELECT value FROM json_each(?)) AND claimed_by = ? AND state = 'queued'
                    """,
                arguments: [Self.jsonList(ids), owner])
        }
    }

    public func finishSent(_ replies: [SentReply], at now: Date) throws {
        guard !replies.isEmpty else { return }
        // Not synced by itself, as `finishSent(outboxID:…)`.
        try writeSyncedByNextCommit { db in
            // `[[outbox id, the relay's answer], …]`, read by `json_each` from one cached statement each.
            let answers = BatchJSON.pairs(replies.map { ($0.outboxID, $0.serverReply) })
            let ids = Self.jsonList(replies.map(\.outboxID))
            try Self.run(
                db,
                sql: """
                    INSERT INTO outbox_attempts (outbox_id, lead_id, date, result, reply, process)
                    SELECT o.id, o.lead_id, ?, 'sent', j.value ->> 1, o.claimed_by
                    FROM json_each(?) j CROSS JOIN outbox o ON o.id = j.value ->> 0
                    """,
                arguments: [StoredDate(now), answers])
            // The handover date apart, for the rows that lack one: setting it on every row would move each row's
            // entries in the two indexes that hold it.
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
                        outcome = NULL, claimed_by = NULL
                    WHERE id IN (SELECT value FROM json_each(?))
                    """,
                arguments: [StoredDate(now), ids])
            try Self.run(
                db,
                sql: """
                    UPDATE outbox SET handed_over_at = ?
                    WHERE id IN (SELECT value FROM json_each(?)) AND handed_over_at IS NULL
                    """,
                arguments: [StoredDate(now), ids])
            // `LIMIT -1` keeps the answers a table of their own, read row by row into the communications by id;
            // flattened into the update, SQLite scans every communication instead.
            try Self.run(
                db,
                sql: """
                    UPDATE communications SET status = 'sent', detail = answer.reply, date = ?
                    FROM (SELECT o.communication_id AS id, j.value ->> 1 AS reply
                        FROM json_each(?) j CROSS JOIN outbox o ON o.id = j.value ->> 0 LIMIT -1) AS answer
                    WHERE communications.id = answer.id
                    """,
                arguments: [StoredDate(now), answers])
        }
    }

    /// A row of the batch that is still queued, unclaimed and due.
    private struct ClaimableRow {
        var recipients: String
        var isAutoReply: Bool
    }

    /// A row this batch claims, for the limits of the rows after it.
    private struct ClaimedRow {
        var id: Int64
        var recipients: String
        var isAutoReply: Bool
    }

    private static func claimable(_ ids: [Int64], at now: Date, _ db: Database) throws -> [Int64: ClaimableRow] {
        // From the ids to the rows (CROSS JOIN keeps that order): on `outbox_due` SQLite would read every due row.
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT o.id, o.recipients, c.kind FROM json_each(?) j CROSS JOIN outbox o ON o.id = j.value
                    LEFT JOIN communications c ON c.id = o.communication_id
                    WHERE o.state = 'queued' AND o.claimed_by IS NULL AND o.next_attempt_at <= ?
                    """),
            arguments: [jsonList(ids), StoredDate(now)])
        var claimable: [Int64: ClaimableRow] = [:]
        for row in rows {
            claimable[row["id"]] = ClaimableRow(
                recipients: row["recipients"], isAutoReply: row["kind"] as String? == "autoreply")
        }
        return claimable
    }

    /// The bounced rows to any of `recipients` as written or lowercased (the `outbox_recipient` index answers
    /// each), and which of `ids` an operator confirmed all the same.
    private static func bounces(to recipients: [String], ids: [Int64], _ db: Database) throws -> Bounces {
        var forms: [String] = []
        for recipient in recipients {
            forms.append(recipient)
            let lowercased = recipient.lowercased()
            if !lowercased.utf8.elementsEqual(recipient.utf8) { forms.append(lowercased) }
        }
        guard !forms.isEmpty else { return Bounces() }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, recipients, last_error FROM outbox
                    WHERE recipients IN (SELECT value FROM json_each(?)) AND outcome = 'bounced'
                    """),
            arguments: [BatchJSON.strings(forms)])
        guard !rows.isEmpty else { return Bounces() }
        let confirmed = try Int64.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT DISTINCT outbox_id FROM outbox_attempts
                    WHERE outbox_id IN (SELECT value FROM json_each(?)) AND result = 'confirmed'
                    """),
            arguments: [jsonList(ids)])
        return Bounces(
            rows: rows.map { Bounces.Bounce(id: $0["id"], recipients: $0["recipients"], error: $0["last_error"]) },
            confirmed: Set(confirmed))
    }

    /// How many automatic replies to the row's recipients (in any ASCII case, as `COLLATE NOCASE` compares) were
    /// handed over within the window: those on record, and those this batch claimed before the row.
    private static func autoRepliesAnswered(
        _ row: ClaimableRow, id: Int64, at now: Date, _ claimed: [ClaimedRow], _ limits: DeliveryLimits,
        _ db: Database
    ) throws -> Int {
        let since = now.addingTimeInterval(-limits.perRecipientWindow)
        let onRecord = try autoRepliesOnRecord(
            to: row.recipients, excluding: [id] + claimed.map(\.id), since: since, db)
        // The batch's own claims are handed over `now`, within any window that has a length.
        guard now > since else { return onRecord }
        return onRecord
            + claimed.filter { $0.isAutoReply && equalIgnoringASCIICase($0.recipients, row.recipients) }.count
    }

    private static func equalIgnoringASCIICase(_ one: String, _ other: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return one.utf8.count == other.utf8.count && zip(one.utf8, other.utf8).allSatisfy { folded($0) == folded($1) }
    }
}

/// The bounced rows a batch's recipients have, for `undeliverable`'s decision row by row.
private struct Bounces {
    struct Bounce {
        var id: Int64
        var recipients: String
        var error: String?
    }

    var rows: [Bounce] = []
    /// Rows an operator sent again with `--confirm`: a bounce no longer holds them back.
    var confirmed: Set<Int64> = []

    /// The newest bounce to `recipients` as written or lowercased, byte for byte as SQLite compares, other than
    /// the row itself; nil when there is none or the row was confirmed.
    func latest(to recipients: String, except id: Int64) -> Bounce? {
        guard !rows.isEmpty, !confirmed.contains(id) else { return nil }
        let lowercased = recipients.lowercased()
        return
            rows
            .filter {
                $0.id != id
                    && ($0.recipients.utf8.elementsEqual(recipients.utf8)
                        || $0.recipients.utf8.elementsEqual(lowercased.utf8))
            }
            .max { $0.id < $1.id }
    }
}

/// The JSON a batch's statements read with `json_each`, written by hand, its strings by `JSONString`.
enum BatchJSON {
    /// `["…", …]`
    static func strings(_ values: [String]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// `[[id, "…"], …]`
    static func pairs(_ values: [(Int64, String)]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, (id, value)) in values.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json += "[\(id),".utf8
            JSONString.append(value, to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }
}
