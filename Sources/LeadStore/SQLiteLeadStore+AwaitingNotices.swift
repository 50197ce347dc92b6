import Foundation
import GRDB
import Leads

/// Automatic mail that answers a message not recorded yet (`Schema.registerAwaitingNotices`): kept instead of
/// dropped, and moved to the lead's log when the message it answers is recorded, in that message's transaction.
/// It is never answered: it reaches the log without going through `recordInbound`'s `compose`.
extension SQLiteLeadStore {
    /// How long a notice waits for the message it answers. Mail held up by a slow relay arrives within days;
    /// a notice that names only messages the inbox never gets (a list's References) is let go after this.
    static let noticeWaitLimit: TimeInterval = 14 * 86_400

    /// Keeps a message that is no enquiry and joined no lead, when its threading headers name messages the store
    /// may get later. - Returns: whether it is kept (or was kept before: a second delivery changes nothing).
    func keepAwaitingNotice(_ message: InboundMessage, now: Date, _ db: Database) throws -> Bool {
        guard message.enquiry == nil, !message.threadIDs.isEmpty else { return false }
        try Self.run(
            db, sql: "DELETE FROM awaiting_notices WHERE created_at < ?",
            arguments: [StoredDate(now.addingTimeInterval(-Self.noticeWaitLimit))])
        let kind: Communication.Kind = message.notice == nil ? .threadReply : .notice
        let noticeID = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO awaiting_notices (direction, kind, date, from_address, to_address, subject,
                        message_id, fingerprint, text, detail, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    RETURNING id
                    """),
            arguments: [
                message.direction.rawValue, kind.rawValue, StoredDate(message.date), message.from, message.to,
                message.subject, message.messageID, message.fingerprint, message.text, message.detail,
                StoredDate(now),
            ])
        guard let noticeID else { return true }
        for id in Set(message.threadIDs) {
            try Self.run(
                db, sql: "INSERT OR IGNORE INTO awaited_messages (message_id, notice_id) VALUES (?, ?)",
                arguments: [id, noticeID])
        }
        return true
    }

    /// Moves the notices waiting for message `messageID` to `lead`'s log, just recorded in the same transaction.
    func attachAwaitingNotices(answering messageID: String, lead: Lead, _ db: Database) throws {
        let waiting = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT notice_id FROM awaited_messages WHERE message_id = ?"),
            arguments: [messageID])
        for noticeID in waiting {
            // OR IGNORE: a copy of the notice recorded meanwhile by other means stays the one in the log.
            try Self.run(
                db,
                sql: """
                    INSERT OR IGNORE INTO communications (lead_id, direction, kind, date, from_address, to_address,
                        subject, message_id, fingerprint, status, text, detail, created_at)
                    SELECT ?, direction, kind, date, from_address, to_address, subject, message_id, fingerprint,
                        CASE direction WHEN 'inbound' THEN 'received' ELSE 'sent' END, text, detail, created_at
                    FROM awaiting_notices WHERE id = ?
                    """,
                arguments: [lead.id, noticeID])
            try Self.run(db, sql: "DELETE FROM awaited_messages WHERE notice_id = ?", arguments: [noticeID])
            try Self.run(db, sql: "DELETE FROM awaiting_notices WHERE id = ?", arguments: [noticeID])
        }
    }
}
