import Foundation
import GRDB
import Leads

extension SQLiteLeadStore {
    /// Pairs of leads of different contacts with the same name and company or company domain, oldest first.
    public func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate] {
        let leads = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM leads WHERE name IS NOT NULL ORDER BY id").map(Self.lead)
        }
        var byName: [String: [Lead]] = [:]
        for lead in leads {
            guard let name = lead.name?.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "),
                !name.isEmpty
            else { continue }
            byName[name, default: []].append(lead)
        }
        var pairs: [PossibleDuplicate] = []
        for group in byName.values where group.count > 1 {
            for (index, first) in group.enumerated() {
                for second in group[(index + 1)...] where second.contactID != first.contactID {
                    if let reason = Self.alike(first, second, freeMailDomains: freeMailDomains) {
                        pairs.append(PossibleDuplicate(first: first, second: second, reason: reason))
                    }
                }
            }
        }
        return pairs.sorted { ($0.first.id, $0.second.id) < ($1.first.id, $1.second.id) }
    }

    static func alike(_ a: Lead, _ b: Lead, freeMailDomains: Set<String>) -> String? {
        let name = a.name ?? ""
        if let companyA = a.company?.lowercased(), let companyB = b.company?.lowercased(), !companyA.isEmpty,
            companyA == companyB
        {
            return "\(name) at \(a.company ?? "") in both"
        }
        let domainA = a.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        let domainB = b.email.split(separator: "@").last.map { $0.lowercased() } ?? ""
        if !domainA.isEmpty, domainA == domainB, !freeMailDomains.contains(domainA) {
            return "\(name) at the domain \(domainA) in both"
        }
        return nil
    }

    /// Folds lead `duplicate` into `keep`: its whole communications log, work log, tasks, tags and outbox move
    /// over, the kept lead takes details it lacked, and a log entry on it says what was merged, in one transaction.
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
                        company = COALESCE(company, ?), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [gone.name, gone.phone, gone.company, StoredDate(now), keep])
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
