import GRDB

extension Schema {
    /// v2-delivery: what crash-safe, once-only sending needs on top of v1's outbox.
    ///
    /// - `claimed_by`/`claimed_at`: the process (`host:pid`) sending the row now; other processes leave it alone.
    /// - `handed_over_at`: set just before the final "." of DATA goes to the relay, the point after which the
    ///   relay may have the message. A row that has it but was never marked sent is *uncertain* and is not resent
    ///   automatically (see docs/ARCHITECTURE.md, "Nothing is sent twice").
    /// - `outcome`: why a `failed` row failed: rejected, expired, uncertain, cancelled or suppressed.
    /// - `outbox_attempts`: one row per delivery attempt with the relay's reply, for the lead's log.
    static func registerDelivery(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-delivery") { db in
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
                    ALTER TABLE outbox ADD COLUMN claimed_at DATETIME;
                    ALTER TABLE outbox ADD COLUMN handed_over_at DATETIME;
                    ALTER TABLE outbox ADD COLUMN outcome TEXT;
                    CREATE INDEX outbox_recipient ON outbox(recipients, handed_over_at);
                    CREATE INDEX outbox_handed_over ON outbox(handed_over_at);
                    CREATE TABLE outbox_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        outbox_id INTEGER NOT NULL REFERENCES outbox(id),
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        date DATETIME NOT NULL,
                        result TEXT NOT NULL,
                        reply TEXT,
                        process TEXT
                    );
                    CREATE INDEX outbox_attempts_outbox ON outbox_attempts(outbox_id, id);
                    """)
        }
    }
}
