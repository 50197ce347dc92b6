import GRDB

extension Schema {
    /// v13: automatic mail (an out-of-office, a list's notice, a bounce) that answers a message the store does not
    /// know yet, kept until that message is recorded and then moved to its lead's log. Mail systems do not deliver
    /// in the order things were written: a colleague's out-of-office can reach the inbox before the enquiry it
    /// answers. `awaited_messages` holds the Message-IDs each notice names (In-Reply-To, References, a returned
    /// copy's), so that recording a message finds what waits for it by one index look-up.
    static func registerAwaitingNotices(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-awaiting-notices") { db in
            try db.execute(
                sql: """
                    CREATE TABLE awaiting_notices (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                        kind TEXT NOT NULL,
                        date DATETIME NOT NULL,
                        from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT,
                        message_id TEXT, fingerprint TEXT NOT NULL UNIQUE,
                        text TEXT NOT NULL DEFAULT '', detail TEXT,
                        created_at DATETIME NOT NULL
                    );
                    CREATE UNIQUE INDEX awaiting_notices_message_id ON awaiting_notices(message_id)
                        WHERE message_id IS NOT NULL;
                    CREATE INDEX awaiting_notices_age ON awaiting_notices(created_at);
                    CREATE TABLE awaited_messages (
                        message_id TEXT NOT NULL,
                        notice_id INTEGER NOT NULL REFERENCES awaiting_notices(id) ON DELETE CASCADE,
                        PRIMARY KEY (message_id, notice_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX awaited_messages_notice ON awaited_messages(notice_id);
                    """)
        }
    }
}
