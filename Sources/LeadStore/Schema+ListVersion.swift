import GRDB

extension Schema {
    /// v15: a counter of the changes that can move a lead in or out of a list, or along it: a lead added or
    /// deleted, a column a list filters, orders or searches on updated, a tag added or taken off, a lead opened
    /// by someone. Each is counted in the transaction that makes it, so a reader's snapshot holds the count of
    /// the lists it sees; `ListPages` keeps a list's ordered ids while the count stays the same. Writes that
    /// change nothing a list shows (the lead rules' `workflow_seen`, a log entry) leave it alone.
    static func registerListVersion(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-web-list-version") { db in
            try db.execute(
                sql: """
                    CREATE TABLE web_list_version (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        changes INTEGER NOT NULL
                    );
                    INSERT INTO web_list_version (id, changes) VALUES (1, 0);
                    """)
            let counted = [
                ("web_list_lead_added", "AFTER INSERT ON leads"),
                ("web_list_lead_deleted", "AFTER DELETE ON leads"),
                (
                    "web_list_lead_changed",
                    """
                    AFTER UPDATE OF score, created_at, owner, team, status, source, campaign, rating, remind_on,
                        name, company, email, enquiry ON leads
                    """
                ),
                ("web_list_tag_added", "AFTER INSERT ON lead_tags"),
                ("web_list_tag_deleted", "AFTER DELETE ON lead_tags"),
                ("web_list_tag_changed", "AFTER UPDATE ON lead_tags"),
                ("web_list_read_added", "AFTER INSERT ON lead_reads"),
                ("web_list_read_deleted", "AFTER DELETE ON lead_reads"),
                ("web_list_read_changed", "AFTER UPDATE ON lead_reads"),
            ]
            for (name, event) in counted {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(name) \(event) BEGIN
                            UPDATE web_list_version SET changes = changes + 1 WHERE id = 1;
                        END
                        """)
            }
        }
    }
}
