import GRDB

/// Reads a finished run's database directly, for checks no command prints (every row, every attempt).
enum SQLiteQuery {
    /// The first column of every row, as text.
    static func column(database: String, sql: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: database, configuration: configuration)
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }
}
