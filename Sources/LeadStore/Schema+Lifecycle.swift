import GRDB

extension Schema {
    /// v2-lifecycle: what working a lead after intake needs.
    ///
    /// - `leads`: the person's judgement (`rating`, `tags` in `lead_tags`), the computed `score`, the `owner` and
    ///   their `team`, what closing needs (`reject_reason`, `value`, `close_date`, `nurture_until`), `remind_on`,
    ///   `first_contact_at` (the first human contact: the owner's mail seen in the inbox, or a logged call), and
    ///   `workflow_seen`: the last communication the intake rules (score, assign, follow-up) have looked at, so
    ///   a crash between recording a message and running the rules is caught up on the next pass.
    /// - `lead_events`: the lead's work log (status changes, notes, assignments …), each with who and when.
    /// - `tasks`: follow-up tasks with a working-day due date; `follow_up` marks the one the rules created.
    /// - `team_turns`: each round-robin team's next turn. `digests`: owner and day of each morning digest sent.
    /// - `leads_fts`: FTS5 over name, company, email and enquiry, kept in step by triggers.
    static func registerLifecycle(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-lifecycle") { db in
            try db.execute(
                sql: """
                    ALTER TABLE leads ADD COLUMN rating TEXT;
                    ALTER TABLE leads ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE leads ADD COLUMN owner TEXT;
                    ALTER TABLE leads ADD COLUMN team TEXT;
                    ALTER TABLE leads ADD COLUMN reject_reason TEXT;
                    ALTER TABLE leads ADD COLUMN value REAL;
                    ALTER TABLE leads ADD COLUMN close_date TEXT;
                    ALTER TABLE leads ADD COLUMN nurture_until TEXT;
                    ALTER TABLE leads ADD COLUMN remind_on TEXT;
                    ALTER TABLE leads ADD COLUMN first_contact_at DATETIME;
                    ALTER TABLE leads ADD COLUMN workflow_seen INTEGER NOT NULL DEFAULT 0;
                    UPDATE leads SET workflow_seen =
                        COALESCE((SELECT MAX(id) FROM communications WHERE lead_id = leads.id), 0);
                    CREATE INDEX leads_owner ON leads(owner, status);
                    CREATE INDEX leads_score ON leads(score DESC, created_at DESC);
                    CREATE TABLE lead_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        date DATETIME NOT NULL,
                        by TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE INDEX lead_events_lead ON lead_events(lead_id, id);
                    CREATE TABLE lead_tags (
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        tag TEXT NOT NULL,
                        PRIMARY KEY (lead_id, tag)
                    );
                    CREATE TABLE tasks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        lead_id INTEGER NOT NULL REFERENCES leads(id),
                        kind TEXT NOT NULL,
                        due TEXT NOT NULL,
                        owner TEXT,
                        follow_up INTEGER NOT NULL DEFAULT 0,
                        created_at DATETIME NOT NULL,
                        done_at DATETIME,
                        done_by TEXT
                    );
                    CREATE INDEX tasks_open ON tasks(done_at, owner, due);
                    CREATE INDEX tasks_lead ON tasks(lead_id);
                    CREATE TABLE team_turns (team TEXT PRIMARY KEY, turn INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE digests (owner TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (owner, day));
                    CREATE VIRTUAL TABLE leads_fts USING fts5(
                        name, company, email, enquiry, content='leads', content_rowid='id');
                    INSERT INTO leads_fts(leads_fts) VALUES ('rebuild');
                    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
                        INSERT INTO leads_fts(rowid, name, company, email, enquiry)
                        VALUES (new.id, new.name, new.company, new.email, new.enquiry);
                    END;
                    CREATE TRIGGER leads_fts_update AFTER UPDATE OF name, company, email, enquiry ON leads BEGIN
                        INSERT INTO leads_fts(leads_fts, rowid, name, company, email, enquiry)
                        VALUES ('delete', old.id, old.name, old.company, old.email, old.enquiry);
                        INSERT INTO leads_fts(rowid, name, company, email, enquiry)
                        VALUES (new.id, new.name, new.company, new.email, new.enquiry);
                    END;
                    """)
        }
    }
}
