import Foundation
import GRDB
import Leads

extension SQLiteLeadStore {
    /// Pairs of leads alike by address, phone, or name with company or company domain, oldest first.
    public func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate] {
        let leads = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT leads.*, contacts.phone_e164 AS contact_phone_e164 FROM leads
                    LEFT JOIN contacts ON contacts.id = leads.contact_id ORDER BY leads.id
                    """
            ).map { row in
                let lead = Self.lead(row)
                // The contact's number as intake read it, else the lead's when written internationally.
                let phone =
                    (row["contact_phone_e164"] as String?)
                    ?? lead.phone.flatMap { PhoneNumber.e164($0, defaultCountry: "") }
                return (lead: lead, phone: phone)
            }
        }
        return PossibleDuplicate.pairs(leads, freeMailDomains: freeMailDomains)
    }

    /// Folds lead `duplicate` into `keep`: its whole communications log, work log, tasks, tags and outbox move
    /// over, the kept lead takes details it lacked (and the earlier first contact and reminder), and a log entry on it says what was merged, in one transaction.
    /// - Throws: `LifecycleError.unknownLead` when either lead does not exist.
    public func merge(_ duplicate: Int64, into keep: Int64, by: String, at now: Date) throws {
        guard duplicate != keep else { return }
        try write { db in
            guard
                let kept = try Row.fetchOne(db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [keep])
                    .map(Self.lead)
            else { throw LifecycleError.unknownLead(keep) }
            guard
                let gone = try Row.fetchOne(db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [duplicate])
                    .map(Self.lead)
            else { throw LifecycleError.unknownLead(duplicate) }
            let goneDates = try Row.fetchOne(
                db, sql: "SELECT first_contact_at, remind_on FROM leads WHERE id = ?", arguments: [duplicate])
            for table in ["communications", "lead_events", "tasks", "outbox", "outbox_attempts"] {
                try db.execute(
                    sql: "UPDATE \(table) SET lead_id = ? WHERE lead_id = ?", arguments: [keep, duplicate])
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO lead_tags (lead_id, tag) SELECT ?, tag FROM lead_tags WHERE lead_id = ?",
                arguments: [keep, duplicate])
            try db.execute(sql: "DELETE FROM lead_tags WHERE lead_id = ?", arguments: [duplicate])
            try db.execute(
                sql: """
                    UPDATE leads SET name = COALESCE(name, ?), phone = COALESCE(phone, ?),
                        company = COALESCE(company, ?), updated_at = ?,
                        first_contact_at = CASE WHEN first_contact_at IS NULL OR ? < first_contact_at
                            THEN COALESCE(?, first_contact_at) ELSE first_contact_at END,
                        remind_on = CASE WHEN remind_on IS NULL OR ? < remind_on
                            THEN COALESCE(?, remind_on) ELSE remind_on END
                    WHERE id = ?
                    """,
                arguments: [
                    gone.name, gone.phone, gone.company, StoredDate(now), goneDates?["first_contact_at"] as String?,
                    goneDates?["first_contact_at"] as String?, goneDates?["remind_on"] as String?,
                    goneDates?["remind_on"] as String?, keep,
                ])
            // Its tracked links keep working, for the lead it became.
            for table in ["tracked_links", "link_clicks"] {
                try db.execute(sql: "UPDATE \(table) SET lead_id = ? WHERE lead_id = ?", arguments: [keep, duplicate])
            }
            // The search index follows at the commit, as for any change to `leads` (v9's triggers).
            try db.execute(sql: "DELETE FROM leads WHERE id = ?", arguments: [duplicate])
            try db.execute(
                sql: "INSERT INTO lead_events (lead_id, date, by, kind, text) VALUES (?, ?, ?, 'note', ?)",
                arguments: [
                    keep, StoredDate(now), by,
                    "merged \(gone.number) (\(gone.email)) into \(kept.number): its whole log is here now",
                ])
        }
    }

    /// Deletes a lead with its whole log, tasks, tags and outbox rows, in one transaction; the contact stays (other
    /// leads may be theirs). Returns the lead as it was, for the caller's own record of the deletion.
    /// - Throws: `LifecycleError.unknownLead` when there is no such lead.
    public func deleteLead(_ id: Int64) throws -> Lead {
        try write { db in
            guard
                let lead = try Row.fetchOne(db, sql: "SELECT * FROM leads WHERE id = ?", arguments: [id]).map(Self.lead)
            else { throw LifecycleError.unknownLead(id) }
            for statement in [
                "DELETE FROM outbox_attempts WHERE lead_id = ?",
                "DELETE FROM outbox_content WHERE outbox_id IN (SELECT id FROM outbox WHERE lead_id = ?)",
                "DELETE FROM outbox WHERE lead_id = ?", "DELETE FROM communications WHERE lead_id = ?",
                "DELETE FROM lead_events WHERE lead_id = ?", "DELETE FROM lead_tags WHERE lead_id = ?",
                "DELETE FROM tasks WHERE lead_id = ?", "DELETE FROM leads WHERE id = ?",
            ] {
                try db.execute(sql: statement, arguments: [id])
            }
            return lead
        }
    }
}
