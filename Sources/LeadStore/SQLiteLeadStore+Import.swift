import Foundation
import GRDB
import Leads

/// `leads import`: many enquiries in one transaction, with the duplicate checks of mail.
extension SQLiteLeadStore {
    public func recordBatch(_ messages: [InboundMessage], at now: Date) throws -> [IntakeOutcome] {
        try write { db in
            try messages.map { message in
                if let known = try existingLead(for: message, db) { return .duplicate(leadID: known) }
                guard let enquiry = message.enquiry else { return .ignored(reason: "no contact details") }
                let contact = try upsertContact(enquiry.contact, now: now, db)
                let outcome: IntakeOutcome
                if !contact.created, let open = try openLead(contactID: contact.id, db) {
                    outcome = .attached(open, .repeatEnquiry)
                } else {
                    outcome = .created(try insertLead(enquiry, contactID: contact.id, now: now, db))
                }
                guard let lead = outcome.lead else { return outcome }
                let kind: Communication.Kind = if case .attached = outcome { .repeatEnquiry } else { .enquiry }
                try insertInbound(message, leadID: lead.id, kind: kind, now: now, db)
                try db.execute(
                    sql: "UPDATE leads SET updated_at = ? WHERE id = ?", arguments: [StoredDate(now), lead.id])
                return outcome
            }
        }
    }
}
