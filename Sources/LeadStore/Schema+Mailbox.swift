import GRDB

extension Schema {
    /// v10: the store's own record of the maildir files it has taken, by their unique name (without the `:2,`
    /// flags a mail client changes). A file is recorded once whether it is found in new/ or already in cur/
    /// (an IMAP client that opened the inbox moved it there), without relying on where it sits or on its flags.
    static func registerMailboxTaken(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-mailbox-taken") { db in
            try db.execute(sql: "CREATE TABLE mailbox_taken (name TEXT PRIMARY KEY) WITHOUT ROWID")
        }
    }
}
