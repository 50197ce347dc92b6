import GRDB

extension Schema {
    /// v14-link-tracking (`tracking: true`): the links of mail to leads that go through the workspace's
    /// `/t/TOKEN`, each with its lead and address, written with the mail; and each click on one.
    static func registerLinkTracking(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-link-tracking") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tracked_links (
                        token TEXT PRIMARY KEY,
                        lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                        url TEXT NOT NULL,
                        label TEXT NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE INDEX tracked_links_lead ON tracked_links(lead_id);
                    CREATE TABLE link_clicks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        token TEXT NOT NULL REFERENCES tracked_links(token) ON DELETE CASCADE,
                        lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                        date DATETIME NOT NULL
                    );
                    CREATE INDEX link_clicks_token ON link_clicks(token);
                    CREATE INDEX link_clicks_date ON link_clicks(date);
                    """)
        }
    }
}
