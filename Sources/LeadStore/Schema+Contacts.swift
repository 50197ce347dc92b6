import GRDB

extension Schema {
    /// v3: contacts also match on their phone number in E.164 (issue "knowing who wrote").
    static func registerContacts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-contacts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE contacts ADD COLUMN phone_e164 TEXT;
                    CREATE INDEX contacts_phone_e164 ON contacts(phone_e164) WHERE phone_e164 IS NOT NULL;
                    """)
        }
    }
}
