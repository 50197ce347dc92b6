import GRDB

extension Schema {
    /// v14-audit: sign-ins to the web workspace, refused ones too, for the administrators' audit list (the
    /// leads' own logs say the rest). The address tried is kept as typed (normalised), never the password.
    static func registerAudit(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sign_ins (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        date DATETIME NOT NULL,
                        email TEXT NOT NULL,
                        succeeded INTEGER NOT NULL,
                        client TEXT NOT NULL
                    );
                    CREATE INDEX sign_ins_date ON sign_ins(date);
                    CREATE INDEX lead_events_date ON lead_events(date);
                    """)
        }
    }
}
