import GRDB

extension Schema {
    /// v14: the files that came with an inbound message, as its lead's timeline names them: a JSON array of
    /// `{name, size, contentType}` in `communications.attachments` (NULL when none). The names come from the
    /// parse intake does anyway; the files themselves stay in the mail in cur/.
    static func registerAttachmentNames(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-attachment-names") { db in
            try db.execute(sql: "ALTER TABLE communications ADD COLUMN attachments TEXT")
        }
    }
}
