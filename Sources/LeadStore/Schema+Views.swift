import GRDB

extension Schema {
    /// v13: what the web workspace remembers per person. `lead_reads`: who opened which lead (a lead is unread for
    /// its owner until the owner opens it; a new owner starts unread). `saved_views`: a person's own named lists,
    /// each the list's query (filters, order, columns) as its page has it.
    static func registerWorkspaceViews(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-lead-reads-saved-views") { db in
            try db.execute(
                sql: """
                    CREATE TABLE lead_reads (
                        lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                        reader TEXT NOT NULL,
                        opened_at DATETIME NOT NULL,
                        PRIMARY KEY (lead_id, reader)
                    ) WITHOUT ROWID;
                    CREATE TABLE saved_views (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        query TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        UNIQUE (user_id, name)
                    );
                    """)
        }
    }
}
