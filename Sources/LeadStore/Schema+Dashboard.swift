import GRDB

extension Schema {
    /// v14: the managers' dashboard reads a date range of leads once per chart; this index holds every column its
    /// `GROUP BY`s and filters read, so a range is a scan of the index's entries for those dates instead of the
    /// whole table (rows with their enquiry text) for each chart.
    static func registerDashboard(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-dashboard") { db in
            try db.execute(
                sql: """
                    CREATE INDEX leads_dashboard ON leads(created_at, source, campaign, status, rating, owner, team,
                        reject_reason, value, first_contact_at);
                    """)
        }
    }
}
