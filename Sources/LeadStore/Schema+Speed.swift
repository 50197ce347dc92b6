import GRDB

extension Schema {
    /// v4: what intake looks up for every message, found by index rather than by reading every lead.
    ///
    /// - `leads_email`: the repeat window's "when did this address last get an automatic reply".
    /// - `workflow_latest`: the newest communication (not a staff notice) on the lead, kept by triggers, so that
    ///   "leads the intake rules have not seen" is `workflow_latest > workflow_seen` on a partial index: a pass of
    ///   the rules after each batch then costs what is pending, not what the database holds.
    static func registerSpeed(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-speed") { db in
            try db.execute(
                sql: """
                    CREATE INDEX leads_email ON leads(email);
                    ALTER TABLE leads ADD COLUMN workflow_latest INTEGER NOT NULL DEFAULT 0;
                    UPDATE leads SET workflow_latest = COALESCE((SELECT MAX(c.id) FROM communications c
                        WHERE c.lead_id = leads.id AND c.kind != 'notification'), 0);
                    CREATE INDEX leads_workflow_pending ON leads(id) WHERE workflow_latest > workflow_seen;
                    CREATE TRIGGER communications_workflow_insert AFTER INSERT ON communications
                    WHEN NEW.kind != 'notification' BEGIN
                        UPDATE leads SET workflow_latest = MAX(workflow_latest, NEW.id) WHERE id = NEW.lead_id;
                    END;
                    CREATE TRIGGER communications_workflow_move AFTER UPDATE OF lead_id ON communications
                    WHEN NEW.kind != 'notification' BEGIN
                        UPDATE leads SET workflow_latest = MAX(workflow_latest, NEW.id) WHERE id = NEW.lead_id;
                    END;
                    """)
        }
    }

    /// v5: what the rules read of a lead's history after every batch that touched it.
    ///
    /// - `communications_lead_history`: the history in id order by index (`communications_lead` is by date), for
    ///   the new communications (`id > workflow_seen`) and the enquiries after the ones already scored.
    /// - `score_matches`: the rule phrases the lead's enquiries matched so far (JSON `ScoreMatches`), so that a
    ///   contact's 200th message is scored by reading it alone, not with the 199 before it.
    static func registerLeadHistory(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-lead-history") { db in
            try db.execute(
                sql: """
                    CREATE INDEX communications_lead_history ON communications(lead_id, id);
                    ALTER TABLE leads ADD COLUMN score_matches TEXT;
                    """)
        }
    }

    /// v6: a reply's text and bytes in a table of their own, `outbox_content`, so that the three updates a reply's
    /// row gets on its way out (claimed, handed over, sent) rewrite a row of a hundred bytes, not one of several
    /// kilobytes with an overflow page, each written again to the write-ahead log.
    static func registerOutboxContent(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-outbox-content") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox_content (
                        outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
                        text TEXT NOT NULL, raw BLOB NOT NULL
                    );
                    INSERT INTO outbox_content (outbox_id, text, raw) SELECT id, text, raw FROM outbox;
                    ALTER TABLE outbox DROP COLUMN text;
                    ALTER TABLE outbox DROP COLUMN raw;
                    """)
        }
    }

    /// v7: `communications_lead` (lead, date) goes; `communications_lead_history` (lead, id) serves the same
    /// look-ups by lead. Each message's row was entered in both, at pages spread over the leads, and a batch's
    /// commit wrote every such page to the write-ahead log; a sent reply's new date moved its entry too. The log
    /// (`ORDER BY date, id`) and the first-reply report sort one lead's rows, a few dozen, after the look-up.
    static func registerOneHistoryIndex(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-one-history-index") { db in
            try db.execute(sql: "DROP INDEX IF EXISTS communications_lead")
        }
    }

    /// v8: what `leadmail run` asks on every wake (overdue follow-ups, reminders come due), found by index rather
    /// than by reading every open task and every lead, which would sit on each round's way to the reply and grow
    /// with the database.
    ///
    /// - `tasks_open_follow_ups`: the rules-made follow-ups not done, by when they were set (`openFollowUps`).
    /// - `leads_reminders`: leads with a reminder day, by that day (`dueReminders`); few leads have one.
    static func registerTimeRuleIndexes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-time-rule-indexes") { db in
            try db.execute(
                sql: """
                    CREATE INDEX tasks_open_follow_ups ON tasks(created_at) WHERE follow_up = 1 AND done_at IS NULL;
                    CREATE INDEX leads_reminders ON leads(remind_on) WHERE remind_on IS NOT NULL;
                    """)
        }
    }

    /// v9: the search index (`leads_fts`) is brought up to date once per write transaction, not by a trigger per
    /// row. FTS5 writes what it holds in memory to disk at every savepoint, and intake takes one per message: a
    /// backlog's leads would go into the index one tiny segment at a time, to be merged again and again. The
    /// triggers only note
    /// which leads were added, changed or removed, with the values the index holds for them (`leads_fts_pending`:
    /// `indexed = 0` for a lead not in it yet); `SQLiteLeadStore.bringSearchIndexUpToDate` applies them before every
    /// commit. Only the first note of a lead in a transaction counts: it has what the index held.
    static func registerDeferredSearchIndex(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-deferred-search-index") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER leads_fts_insert;
                    DROP TRIGGER leads_fts_update;
                    CREATE TABLE leads_fts_pending (
                        lead_id INTEGER PRIMARY KEY,
                        indexed INTEGER NOT NULL,
                        name TEXT, company TEXT, email TEXT, enquiry TEXT
                    );
                    CREATE TRIGGER leads_fts_pending_insert AFTER INSERT ON leads BEGIN
                        INSERT OR IGNORE INTO leads_fts_pending (lead_id, indexed) VALUES (new.id, 0);
                    END;
                    CREATE TRIGGER leads_fts_pending_update AFTER UPDATE OF name, company, email, enquiry ON leads
                    BEGIN
                        INSERT OR IGNORE INTO leads_fts_pending (lead_id, indexed, name, company, email, enquiry)
                        VALUES (old.id, 1, old.name, old.company, old.email, old.enquiry);
                    END;
                    CREATE TRIGGER leads_fts_pending_delete AFTER DELETE ON leads BEGIN
                        INSERT OR IGNORE INTO leads_fts_pending (lead_id, indexed, name, company, email, enquiry)
                        VALUES (old.id, 1, old.name, old.company, old.email, old.enquiry);
                    END;
                    """)
        }
    }
}
