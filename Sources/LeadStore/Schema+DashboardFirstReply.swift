import GRDB

extension Schema {
    /// v14-dashboard-first-reply: the date of a lead's first reply (our first outbound mail that is not a staff
    /// notice) kept on the lead, so that the dashboard's median time to first reply reads one column of its index
    /// instead of looking up every lead's history.
    ///
    /// The column is kept by triggers: the insert trigger of v4 (which already writes the lead's row for every
    /// message) sets it in the same statement, and a move (a merge), a new date (a reply's handover) or a deletion
    /// works it out again. `leads_dashboard` is rebuilt with it, so a range of the dashboard is one scan of that
    /// index.
    static func registerDashboardFirstReply(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-dashboard-first-reply") { db in
            try db.execute(
                sql: """
                    ALTER TABLE leads ADD COLUMN first_reply_at DATETIME;
                    UPDATE leads SET first_reply_at = (SELECT MIN(date) FROM communications c
                        WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification');
                    DROP TRIGGER communications_workflow_insert;
                    CREATE TRIGGER communications_workflow_insert AFTER INSERT ON communications
                    WHEN NEW.kind != 'notification' BEGIN
                        UPDATE leads SET workflow_latest = MAX(workflow_latest, NEW.id),
                            first_reply_at = CASE WHEN NEW.direction = 'outbound'
                                AND (first_reply_at IS NULL OR NEW.date < first_reply_at)
                                THEN NEW.date ELSE first_reply_at END
                        WHERE id = NEW.lead_id;
                    END;
                    CREATE TRIGGER communications_first_reply_change
                    AFTER UPDATE OF lead_id, date, direction, kind ON communications
                    WHEN OLD.direction = 'outbound' OR NEW.direction = 'outbound' BEGIN
                        UPDATE leads SET first_reply_at = (SELECT MIN(date) FROM communications c
                            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification')
                        WHERE id IN (OLD.lead_id, NEW.lead_id) AND first_reply_at IS NOT (SELECT MIN(date)
                            FROM communications c
                            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification');
                    END;
                    CREATE TRIGGER communications_first_reply_delete AFTER DELETE ON communications
                    WHEN OLD.direction = 'outbound' AND OLD.kind != 'notification' BEGIN
                        UPDATE leads SET first_reply_at = (SELECT MIN(date) FROM communications c
                            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification')
                        WHERE id = OLD.lead_id;
                    END;
                    DROP INDEX leads_dashboard;
                    CREATE INDEX leads_dashboard ON leads(created_at, source, campaign, status, rating, owner, team,
                        reject_reason, value, first_contact_at, first_reply_at);
                    """)
        }
    }
}
