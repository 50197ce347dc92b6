import Foundation
import LeadStore
import PostgresStore

/// The store leadmail.yml's `store` names, for everything that opens one (the service, the commands, the
/// workspace): a SQLite file, the embedded default, or a PostgreSQL database shared by several hosts
/// (`postgres://USER@HOST:PORT/DB?sslmode=…`, password from `LEADMAIL_STORE_PASSWORD` or the file named by
/// `LEADMAIL_STORE_PASSWORD_FILE`).
public enum StoreFactory {
    /// Both ports of a store: the pipeline's (with the outbox) and people's work.
    public typealias Store = OutboxLedger & LeadRecords

    /// Opens the store, bringing its schema up to date.
    /// - Parameters:
    ///   - busyTimeout: SQLite only: seconds to wait for another process's lock.
    ///   - readers: SQLite only: `.mapped` where the web workspace reads the store.
    /// - Throws: `StoreError` (SQLite) or `PostgresError`, each saying what to check.
    public static func open(
        _ store: String, busyTimeout: TimeInterval = 15, readers: SQLiteLeadStore.ReaderMemory = .compact
    ) throws -> any Store {
        if PostgresLocation.isPostgresURL(store) {
            return try PostgresLeadStore(PostgresLocation(url: store))
        }
        return try SQLiteLeadStore(path: store, busyTimeout: busyTimeout, readers: readers)
    }

    /// Brings a PostgreSQL store's schema up to date (`leadmail store migrate`); returns the versions applied.
    /// A SQLite file is migrated whenever it is opened.
    public static func migrate(_ store: String) throws -> [String] {
        guard PostgresLocation.isPostgresURL(store) else {
            _ = try SQLiteLeadStore(path: store)
            return []
        }
        return try PostgresMigrator.migrate(PostgresConnection(PostgresLocation(url: store)))
    }
}
