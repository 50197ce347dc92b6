import Foundation
import GRDB
import Leads

/// The SQL behind `recordInbound`, one step per function, all inside the caller's write transaction.
extension SQLiteLeadStore {
    /// `'new','contacted',…`: the open statuses as an SQL list.
    static let openStatusList = LeadStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")

    /// `'converted','rejected'`: the closed statuses as an SQL list.
    static let closedStatusList = LeadStatus.allCases.filter { !$0.isOpen }.map { "'\($0.rawValue)'" }
        .joined(separator: ",")

    /// Asked for every enquiry, so by the closed statuses: SQLite compares a list of up to two constants value by
    /// value, but builds a temporary index for a longer one (the four open statuses) at every execution.
    private static let openLeadOfContact =
        "SELECT \(leadColumns) FROM leads WHERE contact_id = ? AND status NOT IN (\(closedStatusList)) "
        + "ORDER BY id DESC LIMIT 1"

    /// The columns `lead(_:)` reads, for the look-ups intake makes for every message: GRDB builds a column-name
    /// table for each row it fetches, and `SELECT *` gave it the lead's twenty-odd columns to name.
    static let leadColumns =
        "id, contact_id, name, email, phone, company, source, campaign, status, subject, enquiry, "
        + "created_at, updated_at"

    /// The coders of the store's JSON columns, made once rather than per row, where their making shows. Keys sorted:
    /// the same message gives the same row whatever process records it (unsorted, the order of a form field's
    /// `name` and `value` changed from one run to the next).
    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
    static let jsonDecoder = JSONDecoder()

    /// The lead (or none) of an inbound message already recorded: a second delivery changes nothing.
    /// The outer optional says whether the message is known; the inner value is its lead.
    func existingLead(for message: InboundMessage, _ db: Database) throws -> Int64?? {
        // A bare value, not a Row: no column-name table is built for it.
        let leadID = try DatabaseValue.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT lead_id FROM communications
                    WHERE fingerprint = ? OR (? IS NOT NULL AND message_id = ?) LIMIT 1
                    """),
            arguments: [message.fingerprint, message.messageID, message.messageID])
        return leadID.map { Int64.fromDatabaseValue($0) }
    }

    /// The lead of the newest message we know among the thread's ids (inbound or outbound).
    /// The lead a message belongs to by its threading headers, or else by a `[#L123]` token in its subject.
    func threadLead(for message: InboundMessage, _ db: Database) throws -> Lead? {
        if let lead = try threadLead(message.threadIDs, db) { return lead }
        guard let id = message.referencedLeadID else { return nil }
        return try Row.decodeFirst(
            db.cachedStatement(sql: "SELECT \(Self.leadColumns) FROM leads WHERE id = ?"), arguments: [id], Self.lead)
    }

    func threadLead(_ threadIDs: [String], _ db: Database) throws -> Lead? {
        for id in threadIDs.reversed() {
            let lead = try Row.decodeFirst(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.leadColumns) FROM leads WHERE id =
                            (SELECT lead_id FROM communications WHERE message_id = ? LIMIT 1)
                        """),
                arguments: [id], Self.lead)
            if let lead { return lead }
        }
        return nil
    }

    /// Finds the contact by its match key (the address, case-folded and by `ContactMatching`), else by its phone
    /// in E.164, filling in details it lacked; creates it when new. The unique key on `email` is what keeps two
    /// processes from creating one contact twice.
    /// - Returns: the contact's id, and whether this call created it: a contact made just now (ids are never
    ///   reused, `AUTOINCREMENT`) has no lead yet, so a backlog's new people cost no look-up for an open one.
    func upsertContact(_ contact: ContactDetails, now: Date, _ db: Database) throws -> (id: Int64, created: Bool) {
        let key = contact.matchKey ?? EmailAddress.normalised(contact.email)
        var existing = false
        // A known contact with no gap this message can fill (most repeat enquiries) is left as it is: the upsert
        // below would rewrite its row, and its page in the write-ahead log, for nothing.
        if let known = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, (name IS NULL AND ? IS NOT NULL) OR (phone IS NULL AND ? IS NOT NULL)
                        OR (company IS NULL AND ? IS NOT NULL) OR (phone_e164 IS NULL AND ? IS NOT NULL)
                    FROM contacts WHERE email = ?
                    """),
            arguments: [contact.name, contact.phone, contact.company, contact.phoneE164, key])
        {
            let hasGaps: Bool = known[1]
            if !hasGaps { return (known[0], false) }
            existing = true
        } else if let phone = contact.phoneE164,
            let known = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM contacts WHERE phone_e164 = ? ORDER BY id LIMIT 1"),
                arguments: [phone])
        {
            return (known, false)
        }
        // One statement for both cases: the row inserted, or the known one with its gaps filled, and its id. The
        // write transaction holds the database: a row not found above is not there, so it is inserted.
        let id = try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO contacts (email, name, phone, company, phone_e164, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(email) DO UPDATE SET
                        name = COALESCE(contacts.name, excluded.name),
                        phone = COALESCE(contacts.phone, excluded.phone),
                        company = COALESCE(contacts.company, excluded.company),
                        phone_e164 = COALESCE(contacts.phone_e164, excluded.phone_e164)
                    RETURNING id
                    """),
            arguments: [key, contact.name, contact.phone, contact.company, contact.phoneE164, StoredDate(now)])!
        return (id, !existing)
    }

    func openLead(contactID: Int64, _ db: Database) throws -> Lead? {
        try Row.decodeFirst(
            db.cachedStatement(sql: Self.openLeadOfContact),
            arguments: [contactID], Self.lead)
    }

    func insertLead(_ enquiry: Enquiry, contactID: Int64, now: Date, _ db: Database) throws -> Lead {
        let contact = enquiry.contact
        try Self.run(
            db,
            sql: """
                INSERT INTO leads (contact_id, name, email, phone, company, source, campaign, status, subject,
                    enquiry, extra_fields, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?)
                """,
            arguments: [
                contactID, contact.name, EmailAddress.normalised(contact.email), contact.phone, contact.company,
                enquiry.source, enquiry.campaign, enquiry.subject, enquiry.text,
                Self.encodeFields(enquiry.extraFields), StoredDate(now), StoredDate(now),
            ])
        return Lead(
            id: db.lastInsertedRowID, contactID: contactID, name: contact.name,
            email: EmailAddress.normalised(contact.email), phone: contact.phone, company: contact.company,
            source: enquiry.source, campaign: enquiry.campaign, status: .new, subject: enquiry.subject,
            enquiry: enquiry.text, createdAt: now, updatedAt: now)
    }

    func insertInbound(
        _ message: InboundMessage, leadID: Int64, kind: Communication.Kind, now: Date, _ db: Database
    ) throws {
        try Self.run(
            db,
            sql: """
                INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,
                    message_id, fingerprint, status, text, detail, created_at, attachments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                leadID, message.direction.rawValue, kind.rawValue, StoredDate(message.date), message.from, message.to,
                message.subject,
                message.messageID, message.fingerprint, message.direction == .inbound ? "received" : "sent",
                message.text, message.detail, StoredDate(now), AttachmentNamesJSON.encode(message.attachments),
            ])
    }

    func enqueue(_ mail: OutgoingMail, leadID: Int64, now: Date, _ db: Database) throws -> OutboxItem {
        // Cached statements: a batch of staff notices costs no more per mail than one.
        try Self.run(
            db,
            sql: """
                INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,
                    message_id, status, text, created_at)
                VALUES (?, 'outbound', ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                """,
            arguments: [
                leadID, mail.kind.rawValue, StoredDate(now), mail.from, mail.to, mail.subject, mail.messageID,
                mail.text, StoredDate(now),
            ])
        let communicationID = db.lastInsertedRowID
        let due = mail.notBefore ?? now
        try Self.run(
            db,
            sql: """
                INSERT INTO outbox (lead_id, communication_id, message_id, envelope_from, recipients, from_address,
                    to_address, subject, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
                """,
            arguments: [
                leadID, communicationID, mail.messageID, mail.envelopeFrom, mail.recipients.joined(separator: "\n"),
                mail.from, mail.to, mail.subject, StoredDate(due), StoredDate(now),
            ])
        let outboxID = db.lastInsertedRowID
        try Self.run(
            db, sql: "INSERT INTO outbox_content (outbox_id, text, raw) VALUES (?, ?, ?)",
            arguments: [outboxID, mail.text, Data(mail.raw)])
        if !mail.trackedLinks.isEmpty { try insertTrackedLinks(mail.trackedLinks, leadID: leadID, db, now: now) }
        return OutboxItem(
            id: outboxID, leadID: leadID, mail: mail, state: .queued, attempts: 0, nextAttemptAt: due,
            lastError: nil, createdAt: now, sentAt: nil)
    }

    static func lead(_ row: Row) -> Lead {
        Lead(
            id: row["id"], contactID: row["contact_id"], name: row["name"], email: row["email"],
            phone: row["phone"], company: row["company"], source: row["source"], campaign: row["campaign"],
            status: LeadStatus(rawValue: row["status"]) ?? .new, subject: row["subject"], enquiry: row["enquiry"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    static func communication(_ row: Row) -> Communication {
        communication(row, text: row["text"])
    }

    /// A communication with the text given rather than read (a row selected without it).
    static func communication(_ row: Row, text: String) -> Communication {
        Communication(
            id: row["id"], leadID: row["lead_id"],
            direction: Communication.Direction(rawValue: row["direction"]) ?? .inbound,
            kind: Communication.Kind(rawValue: row["kind"]) ?? .enquiry, date: row["date"],
            from: row["from_address"], to: row["to_address"], subject: row["subject"],
            messageID: row["message_id"], status: Communication.Status(rawValue: row["status"]) ?? .received,
            text: text, detail: row["detail"],
            attachments: row.hasColumn("attachments") ? AttachmentNamesJSON.decode(row["attachments"]) : [])
    }

    /// Outbox rows with their text and bytes (kept in `outbox_content`, see `Schema.registerOutboxContent`), for
    /// `outboxItem`.
    static let outboxWithContent = """
        SELECT outbox.*, content.text, content.raw FROM outbox JOIN outbox_content content ON content.outbox_id = outbox.id
        """

    static func outboxItem(_ row: Row) -> OutboxItem {
        let raw: Data = row["raw"]
        let recipients: String = row["recipients"]
        let mail = OutgoingMail(
            messageID: row["message_id"], envelopeFrom: row["envelope_from"],
            recipients: recipients.split(separator: "\n").map(String.init), from: row["from_address"],
            to: row["to_address"], subject: row["subject"], text: row["text"], raw: [UInt8](raw))
        return OutboxItem(
            id: row["id"], leadID: row["lead_id"], mail: mail,
            state: OutboxItem.State(rawValue: row["state"]) ?? .queued, attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"], createdAt: row["created_at"],
            sentAt: row["sent_at"], attempted: row.hasColumn("attempted") ? row["attempted"] as Bool : nil)
    }

    static func encodeFields(_ fields: [FormField]) -> String? {
        guard !fields.isEmpty, let data = try? Self.jsonEncoder.encode(fields) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
