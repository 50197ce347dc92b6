import GRDB

/// The database schema, as migrations from the first version on, so that every existing file can be upgraded.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: contacts, leads, communications, outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE contacts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE,
                        name TEXT, phone TEXT, company TEXT,
                        created_at DATETIME NOT NULL
                    );
                    CREATE TABLE leads (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        contact_id INTEGER NOT NULL REFERENCES contacts(id),
                        name TEXT, email TEXT NOT NULL, phone TEXT, company TEXT,
                        source TEXT NOT NULL, campaign TEXT,
                        status TEXT NOT NULL DEFAULT 'new',
                        subject TEXT, enquiry TEXT NOT NULL DEFAULT '', extra_fields TEXT,
                        created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL
                    );
                    CREATE INDEX leads_contact ON leads(contact_id);
                    CREATE INDEX leads_source ON leads(source, campaign);
                    CREATE TABLE communications (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                        kind TEXT NOT NULL,
                        date DATETIME NOT NULL,
                        from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT,
                        message_id TEXT, fingerprint TEXT,
                        status TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', detail TEXT,
                        created_at DATETIME NOT NULL
                    );
                    CREATE INDEX communications_lead ON communications(lead_id, date);
                    CREATE UNIQUE INDEX communications_unique_message_id ON communications(message_id)
                        WHERE message_id IS NOT NULL;
                    CREATE UNIQUE INDEX communications_unique_fingerprint ON communications(fingerprint)
                        WHERE fingerprint IS NOT NULL;
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        communication_id INTEGER NOT NULL REFERENCES communications(id),
                        message_id TEXT NOT NULL UNIQUE,
                        envelope_from TEXT NOT NULL, recipients TEXT NOT NULL,
                        from_address TEXT NOT NULL, to_address TEXT NOT NULL, subject TEXT NOT NULL,
                        text TEXT NOT NULL, raw BLOB NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at DATETIME NOT NULL, last_error TEXT,
                        created_at DATETIME NOT NULL, sent_at DATETIME
                    );
                    CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
                    """)
        }
        registerDelivery(&migrator)
        registerLifecycle(&migrator)
        registerContacts(&migrator)
        registerSpeed(&migrator)
        registerLeadHistory(&migrator)
        registerOutboxContent(&migrator)
        registerOneHistoryIndex(&migrator)
        registerTimeRuleIndexes(&migrator)
        registerDeferredSearchIndex(&migrator)
        registerMailboxTaken(&migrator)
        registerUsers(&migrator)
        registerWebSessions(&migrator)
        registerAwaitingNotices(&migrator)
        registerWorkspaceViews(&migrator)
        registerAttachmentNames(&migrator)
        registerListIndexes(&migrator)
        registerAudit(&migrator)
        registerLinkTracking(&migrator)
        registerDashboard(&migrator)
        registerDashboardFirstReply(&migrator)
        registerListScopeIndexes(&migrator)
        registerFirstReplyHandover(&migrator)
        registerListVersion(&migrator)
        return migrator
    }
}
