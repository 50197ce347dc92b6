import GRDB

extension Schema {
    /// v12: signed-in sessions of the web workspace. A session is found by its selector (the token's public half)
    /// and proven by its verifier, of which only a bcrypt hash is kept: a copy of the database signs nobody in.
    /// Revoked and expired rows stay until `deleteExpiredSessions` clears them.
    static func registerWebSessions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-web-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE web_sessions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        selector TEXT NOT NULL UNIQUE,
                        verifier_hash TEXT NOT NULL,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        client TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        expires_at DATETIME NOT NULL,
                        revoked_at DATETIME
                    );
                    CREATE INDEX web_sessions_by_user ON web_sessions(user_id);
                    """)
        }
    }
}
