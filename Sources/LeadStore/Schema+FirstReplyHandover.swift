import GRDB

extension Schema {
    /// v14-first-reply-handover: a reply's handover re-dates its communication, and the lead's first reply moves
    /// with it; that is one subquery now instead of four.
    ///
    /// v14-dashboard-first-reply's update trigger worked the lead's first reply out again twice (once to compare,
    /// once to set) for each of the communication's old and new lead on every re-dating, which made the handover's
    /// statement about six times the cost of the same statement without it. A change of date alone (same lead,
    /// direction and kind: every handover) now needs no look-up at all when the new date is the earliest, none
    /// either when another reply was the first, and one only when this reply was the first and is now later. A
    /// move to another lead, or a change of direction or kind (a merge, a repair by hand), keeps the full rework.
    static func registerFirstReplyHandover(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-first-reply-handover") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER communications_first_reply_change;
                    CREATE TRIGGER communications_first_reply_change
                    AFTER UPDATE OF lead_id, direction, kind ON communications
                    WHEN (OLD.direction = 'outbound' OR NEW.direction = 'outbound')
                        AND (OLD.lead_id IS NOT NEW.lead_id OR OLD.direction IS NOT NEW.direction
                            OR OLD.kind IS NOT NEW.kind) BEGIN
                        UPDATE leads SET first_reply_at = (SELECT MIN(date) FROM communications c
                            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification')
                        WHERE id IN (OLD.lead_id, NEW.lead_id) AND first_reply_at IS NOT (SELECT MIN(date)
                            FROM communications c
                            WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification');
                    END;
                    CREATE TRIGGER communications_first_reply_redated
                    AFTER UPDATE OF date ON communications
                    WHEN NEW.direction = 'outbound' AND NEW.kind != 'notification' AND OLD.date IS NOT NEW.date
                        AND OLD.lead_id IS NEW.lead_id AND OLD.direction IS NEW.direction AND OLD.kind IS NEW.kind
                    BEGIN
                        UPDATE leads SET first_reply_at = CASE WHEN NEW.date < first_reply_at THEN NEW.date
                            ELSE (SELECT MIN(date) FROM communications c
                                WHERE c.lead_id = leads.id AND c.direction = 'outbound' AND c.kind != 'notification')
                            END
                        WHERE id = NEW.lead_id
                            AND (first_reply_at IS NULL OR NEW.date < first_reply_at OR first_reply_at = OLD.date);
                    END;
                    """)
        }
    }
}
