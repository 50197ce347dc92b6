import GRDB

extension Schema {
    /// v14: the leads list's two orders as covering indexes, holding every column a list filters on, so that a
    /// page's ids come from index entries alone (`search` reads the page's rows after): by score, replacing
    /// `leads_score`, whose two columns lead this one, and newest first, which had no index and sorted every
    /// lead in reach on each page.
    static func registerListIndexes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-list-indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX leads_score;
                    CREATE INDEX leads_list_score
                        ON leads(score DESC, created_at DESC, id DESC, owner, team, status, source, rating, campaign);
                    CREATE INDEX leads_list_newest
                        ON leads(created_at DESC, id DESC, owner, team, status, source, rating, campaign);
                    """)
        }
    }

    /// v14: a person's own leads and one status's leads, each in the list's order, so that "My leads", "Unread",
    /// "Converted" or a status filter walk only the leads they show instead of the whole list's index, checking
    /// each entry (a salesperson's converted leads are one in a hundred; a page past them walked every lead).
    static func registerListScopeIndexes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-list-scope-indexes") { db in
            try db.execute(
                sql: """
                    CREATE INDEX leads_list_owner ON leads(owner, score DESC, created_at DESC, id DESC, status);
                    CREATE INDEX leads_list_owner_newest ON leads(owner, created_at DESC, id DESC);
                    CREATE INDEX leads_list_status ON leads(status, score DESC, created_at DESC, id DESC, owner, team);
                    """)
        }
    }
}
