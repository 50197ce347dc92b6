import Foundation
import GRDB
import Leads

/// Reminder days that have come: `leads remind`, and the day a nurtured lead comes back.
extension SQLiteLeadStore {
    public func dueReminders(through day: String) throws -> [LeadListing] {
        let open = Self.openStatusList
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM leads WHERE remind_on IS NOT NULL AND remind_on <= ? AND status IN (\(open))
                    ORDER BY remind_on, id
                    """,
                arguments: [day]
            ).map { row in LeadListing(lead: Self.lead(row), lifecycle: try Self.lifecycle(row, db)) }
        }
    }
}
