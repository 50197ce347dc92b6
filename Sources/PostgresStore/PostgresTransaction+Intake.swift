import Foundation
import LeadStore
import Leads

/// `recordInbound`'s SQL: dedupe and threading kept right by unique keys and row locks, not by checks alone, so
/// that two hosts recording the same message or the same person at the same moment record it once.
extension PostgresTransaction {
    /// Records the message in a savepoint of the open transaction. A unique key another host took meanwhile (the
    /// same Message-ID or fingerprint, committed while this one was recording) undoes the savepoint only, and
    /// the message is then what it is: a duplicate of the other host's.
    func recordInbound(
        _ message: InboundMessage, at now: Date, compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        try connection.execute("SAVEPOINT leadmail_record")
        do {
            let result = try recordInboundUnguarded(message, at: now, compose: compose)
            try connection.execute("RELEASE SAVEPOINT leadmail_record")
            return result
        } catch let error as PostgresError where error.isUniqueViolation {
            try connection.execute("ROLLBACK TO SAVEPOINT leadmail_record; RELEASE SAVEPOINT leadmail_record")
            if let known = try existingLead(for: message) { return (.duplicate(leadID: known), nil) }
            throw error
        } catch {
            try? connection.execute("ROLLBACK TO SAVEPOINT leadmail_record; RELEASE SAVEPOINT leadmail_record")
            throw error
        }
    }

    private func recordInboundUnguarded(
        _ message: InboundMessage, at now: Date, compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        if let known = try existingLead(for: message) { return (.duplicate(leadID: known), nil) }
        var outcome: IntakeOutcome
        if let threaded = try threadLead(for: message) {
            outcome = .attached(threaded, message.notice == nil ? .threadReply : .notice)
        } else if let enquiry = message.enquiry {
            let contactID = try upsertContact(enquiry.contact, now: now)
            if let open = try openLead(contactID: contactID) {
                outcome = .attached(open, .repeatEnquiry)
            } else {
                outcome = .created(try insertLead(enquiry, contactID: contactID, now: now))
            }
        } else {
            let reason = message.automatedReason ?? "not an enquiry"
            guard try keepAwaitingNotice(message, now: now) else { return (.ignored(reason: reason), nil) }
            return (.ignored(reason: "\(reason); kept for the lead of the message it answers, once recorded"), nil)
        }
        guard let lead = outcome.lead else { return (outcome, nil) }
        let kind: Communication.Kind = if case .attached(_, let kind) = outcome { kind } else { .enquiry }
        try query(
            """
            INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,
                message_id, fingerprint, status, text, detail, created_at, attachments)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            [
                lead.id, message.direction.rawValue, kind.rawValue, message.date, message.from, message.to,
                message.subject, message.messageID, message.fingerprint,
                message.direction == .inbound ? "received" : "sent", message.text, message.detail, now,
                AttachmentNamesJSON.encode(message.attachments),
            ])
        if let messageID = message.messageID { try attachAwaitingNotices(answering: messageID, lead: lead) }
        if let notice = message.notice, notice.kind == .nonDelivery {
            try recordBounce(notice, of: message, lead: lead, now: now)
        }
        if case .attached = outcome {
            try query("UPDATE leads SET updated_at = $1 WHERE id = $2", [now, lead.id])
        }
        guard let mail = try compose(outcome) else { return (outcome, nil) }
        return (outcome, try enqueue(mail, leadID: lead.id, now: now))
    }

    /// The lead (or none) of a message already recorded; the outer optional says whether it is known.
    func existingLead(for message: InboundMessage) throws(PostgresError) -> Int64?? {
        guard
            let row = try query(
                // Two lookups, each on its unique index: as one `OR`, a table whose statistics are not yet
                // gathered (a new store taking its first backlog) is scanned whole for every message.
                """
                (SELECT lead_id FROM communications WHERE fingerprint = $1 LIMIT 1)
                UNION ALL (SELECT lead_id FROM communications WHERE message_id = $2 LIMIT 1) LIMIT 1
                """,
                [message.fingerprint, message.messageID]
            ).first
        else { return nil }
        return .some(row.int64("lead_id"))
    }

    /// The lead of the newest known message among the thread's ids, else of a `[#L123]` token in the subject.
    func threadLead(for message: InboundMessage) throws(PostgresError) -> Lead? {
        for id in message.threadIDs.reversed() {
            if let row = try query(
                """
                SELECT \(Self.leadColumns) FROM leads WHERE id =
                    (SELECT lead_id FROM communications WHERE message_id = $1 LIMIT 1)
                """, [id]
            ).first {
                return Self.lead(row)
            }
        }
        guard let id = message.referencedLeadID else { return nil }
        return try query("SELECT \(Self.leadColumns) FROM leads WHERE id = $1", [id]).first.map(Self.lead)
    }

    /// The contact by its match key, else by its phone in E.164, with the gaps this message fills filled; created
    /// when new. Its row stays locked to the end of the transaction: a second host recording the same person
    /// waits here, then finds the lead the first one opened.
    func upsertContact(_ contact: ContactDetails, now: Date) throws(PostgresError) -> Int64 {
        let key = contact.matchKey ?? EmailAddress.normalised(contact.email)
        if contact.phoneE164 != nil,
            try query("SELECT 1 FROM contacts WHERE email = $1", [key]).first == nil,
            let known = try query(
                "SELECT id FROM contacts WHERE phone_e164 = $1 ORDER BY id LIMIT 1 FOR UPDATE", [contact.phoneE164]
            ).first?.int64("id")
        {
            return known
        }
        return try query(
            """
            INSERT INTO contacts (email, name, phone, company, phone_e164, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (email) DO UPDATE SET
                name = COALESCE(contacts.name, excluded.name),
                phone = COALESCE(contacts.phone, excluded.phone),
                company = COALESCE(contacts.company, excluded.company),
                phone_e164 = COALESCE(contacts.phone_e164, excluded.phone_e164)
            RETURNING id
            """, [key, contact.name, contact.phone, contact.company, contact.phoneE164, now]
        ).first?.int64("id") ?? 0
    }

    func openLead(contactID: Int64) throws(PostgresError) -> Lead? {
        try query(
            """
            SELECT \(Self.leadColumns) FROM leads WHERE contact_id = $1 AND status IN (\(Self.openStatusList))
            ORDER BY id DESC LIMIT 1
            """, [contactID]
        ).first.map(Self.lead)
    }

    func insertLead(_ enquiry: Enquiry, contactID: Int64, now: Date) throws(PostgresError) -> Lead {
        let contact = enquiry.contact
        let email = EmailAddress.normalised(contact.email)
        let fields: String? =
            enquiry.extraFields.isEmpty
            ? nil : (try? Self.jsonEncoder.encode(enquiry.extraFields)).map { String(decoding: $0, as: UTF8.self) }
        let id =
            try query(
                """
                INSERT INTO leads (contact_id, name, email, phone, company, source, campaign, status, subject,
                    enquiry, extra_fields, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10, $11, $11) RETURNING id
                """,
                [
                    contactID, contact.name, email, contact.phone, contact.company, enquiry.source, enquiry.campaign,
                    enquiry.subject, enquiry.text, fields, now,
                ]
            ).first?.int64("id") ?? 0
        return Lead(
            id: id, contactID: contactID, name: contact.name, email: email, phone: contact.phone,
            company: contact.company, source: enquiry.source, campaign: enquiry.campaign, status: .new,
            subject: enquiry.subject, enquiry: enquiry.text, createdAt: now, updatedAt: now)
    }
}

/// Words as people type them, as a `tsquery` over the folded search text: each word split where the stored text
/// is split (at anything not a letter or digit), its parts a phrase, a trailing `*` a prefix search; all words
/// must match. Accents are folded by the server (`unaccent`) on both sides.
enum PostgresSearchQuery {
    static func tsquery(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).compactMap { word -> String? in
            let prefix = word.hasSuffix("*")
            let parts = (prefix ? word.dropLast() : word).lowercased()
                .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .map {
                    "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
                        + "'"
                }
            guard !parts.isEmpty else { return nil }
            return "(" + parts.joined(separator: " <-> ") + (prefix ? ":*" : "") + ")"
        }
        return words.isEmpty ? nil : words.joined(separator: " & ")
    }
}
