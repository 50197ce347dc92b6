import GRDB

extension Schema {
    /// v11: the people who work leads. The password is kept only as a bcrypt hash; a disabled user keeps their
    /// row, so the log's names still resolve.
    static func registerUsers(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-users") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        team TEXT,
                        password_hash TEXT NOT NULL,
                        disabled_at DATETIME,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL
                    );
                    """)
        }
    }
}
