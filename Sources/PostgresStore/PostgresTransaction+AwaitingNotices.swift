import Foundation
import LeadStore
import Leads

/// Automatic mail that answers a message not recorded yet (`PostgresSchema` v3, as SQLite's v13): kept instead
/// of dropped, and moved to the lead's log when the message it answers is recorded, in that message's
/// transaction. It is never answered: it reaches the log without going through `recordInbound`'s `compose`.
///
/// Two hosts may record the notice and the message it answers at the same moment: each runs in its own
/// transaction, so the notice's host may not see the message yet and the message's host may not see the notice
/// yet. The notice then waits; the unique keys keep a second copy of it out, in the log or in the waiting room.
extension PostgresTransaction {
    /// How long a notice waits for the message it answers (as the SQLite store's `noticeWaitLimit`).
    static let noticeWaitLimit: TimeInterval = 14 * 86_400

    /// Keeps a message that is no enquiry and joined no lead, when its threading headers name messages the store
    /// may get later. - Returns: whether it is kept (or was kept before: a second delivery changes nothing).
    func keepAwaitingNotice(_ message: InboundMessage, now: Date) throws(PostgresError) -> Bool {
        guard message.enquiry == nil, !message.threadIDs.isEmpty else { return false }
        try query(
            "DELETE FROM awaiting_notices WHERE created_at < $1", [now.addingTimeInterval(-Self.noticeWaitLimit)])
        let kind: Communication.Kind = message.notice == nil ? .threadReply : .notice
        guard
            let noticeID = try query(
                """
                INSERT INTO awaiting_notices (direction, kind, date, from_address, to_address, subject,
                    message_id, fingerprint, text, detail, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                [
                    message.direction.rawValue, kind.rawValue, message.date, message.from, message.to,
                    message.subject, message.messageID, message.fingerprint, message.text, message.detail, now,
                ]
            ).first?.int64("id")
        else { return true }
        for id in Set(message.threadIDs) {
            try query(
                "INSERT INTO awaited_messages (message_id, notice_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                [id, noticeID])
        }
        return true
    }

    /// Moves the notices waiting for message `messageID` to `lead`'s log, just recorded in the same transaction.
    /// The waiting rows are locked and deleted in one statement, so two hosts never move the same notice.
    func attachAwaitingNotices(answering messageID: String, lead: Lead) throws(PostgresError) {
        try query(
            """
            WITH moved AS (
                DELETE FROM awaiting_notices WHERE id IN
                    (SELECT notice_id FROM awaited_messages WHERE message_id = $1)
                RETURNING *
            )
            INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,
                message_id, fingerprint, status, text, detail, created_at)
            SELECT $2, direction, kind, date, from_address, to_address, subject, message_id, fingerprint,
                CASE direction WHEN 'inbound' THEN 'received' ELSE 'sent' END, text, detail, created_at
            FROM moved ORDER BY id
            ON CONFLICT DO NOTHING
            """, [messageID, lead.id])
    }
}
