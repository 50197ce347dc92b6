/// Brings a database's schema up to date: the migrations not yet in `schema_migrations`, each in a transaction
/// of its own, under an advisory lock so that hosts starting together migrate once.
public enum PostgresMigrator {
    /// The lock every migrating host takes (an arbitrary number that is LeadMail's).
    static let lockKey = 7_146_029_125

    /// - Returns: the versions applied now (empty when the schema was up to date).
    @discardableResult
    public static func migrate(_ connection: PostgresConnection) throws(PostgresError) -> [String] {
        try connection.query("SELECT pg_advisory_lock($1)", [lockKey])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [lockKey]) }
        try connection.execute(
            """
            SET client_min_messages = warning;
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
            """)
        let done = Set(try connection.query("SELECT version FROM schema_migrations").map { $0.string("version") })
        var applied: [String] = []
        for migration in PostgresSchema.migrations where !done.contains(migration.version) {
            try connection.execute("BEGIN")
            do throws(PostgresError) {
                try connection.execute(migration.sql)
                try connection.query("INSERT INTO schema_migrations (version) VALUES ($1)", [migration.version])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw PostgresError(
                    sqlState: error.sqlState,
                    message: "migration \(migration.version) of \(connection.location) failed: \(error.message)"
                        + (error.message.contains("unaccent")
                            ? " (the store's user must own the database to create the extension unaccent)" : ""))
            }
            applied.append(migration.version)
        }
        return applied
    }

    /// The versions a database has, oldest first.
    public static func versions(_ connection: PostgresConnection) throws(PostgresError) -> [String] {
        try connection.query("SELECT version FROM schema_migrations ORDER BY applied_at, version")
            .map { $0.string("version") ?? "" }
    }
}
