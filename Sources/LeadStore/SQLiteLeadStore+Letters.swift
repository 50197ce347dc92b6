import Foundation
import GRDB
import Leads

extension SQLiteLeadStore {
    /// Queues a mail outside intake (a person writing to the lead): logged on the lead, sent by the outbox worker.
    public func queue(_ mail: OutgoingMail, leadID: Int64, at now: Date) throws -> OutboxItem {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM leads WHERE id = ?", arguments: [leadID]) != nil else {
                throw LifecycleError.unknownLead(leadID)
            }
            return try enqueue(mail, leadID: leadID, now: now, db)
        }
    }
}
