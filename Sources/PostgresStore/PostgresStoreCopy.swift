import Foundation

/// The PostgreSQL end of `leadmail store copy` (an embedded SQLite store moved into a shared database): the
/// tables in the order their foreign keys need, chunks of rows inserted each in one transaction together with the
/// copy's progress (`store_copy_progress`), so that a copy stopped anywhere goes on from its last chunk and
/// copies no row twice. A target that holds leads of its own is refused, unless it is the same copy resuming.
public struct PostgresStoreCopy: Sendable {
    public let store: PostgresLeadStore

    public init(_ store: PostgresLeadStore) {
        self.store = store
    }

    /// A table of the database and its columns, parents before the tables that refer to them.
    public struct Table: Sendable, Hashable {
        public var name: String
        public var columns: [String]
    }

    /// Where a copy of `source` stands: the last key copied of each table, and the tables done.
    public struct Progress: Sendable {
        public var lastKey: [String: Int64] = [:]
        public var done: Set<String> = []
        /// Whether this copy had begun before (a resumption).
        public var resuming = false
    }

    /// The store's tables (not the migrations' or the copy's own), parents first.
    public func tables() throws -> [Table] {
        try store.transaction(readOnly: true) { tx in
            let columns = try tx.query(
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema()
                    AND table_name NOT IN ('schema_migrations', 'store_copy_progress')
                ORDER BY table_name, ordinal_position
                """)
            var byTable: [String: [String]] = [:]
            for row in columns.map({ $0 }) {
                byTable[row.string("table_name") ?? "", default: []].append(row.string("column_name") ?? "")
            }
            let references = try tx.query(
                """
                SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c
                JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid
                WHERE c.contype = 'f' AND child.oid <> parent.oid
                """
            ).map { ($0.string("child") ?? "", $0.string("parent") ?? "") }
            var ordered: [String] = []
            var remaining = Set(byTable.keys)
            while !remaining.isEmpty {
                let ready = remaining.filter { table in
                    !references.contains { $0.0 == table && remaining.contains($0.1) }
                }.sorted()
                // A cycle (none in LeadMail's schema) is copied in name order rather than not at all.
                let next = ready.isEmpty ? [remaining.sorted()[0]] : ready
                ordered += next
                remaining.subtract(next)
            }
            return ordered.map { Table(name: $0, columns: byTable[$0] ?? []) }
        }
    }

    /// Starts or resumes the copy of `source`.
    /// - Throws: `PostgresError` when the database holds leads, users or outbox rows that are not this copy's.
    public func begin(source: String, tables: [String]) throws -> Progress {
        try store.transaction { tx in
            try tx.connection.execute(
                """
                SET LOCAL client_min_messages = warning;
                CREATE TABLE IF NOT EXISTS store_copy_progress (
                    table_name TEXT PRIMARY KEY, source TEXT NOT NULL, last_key BIGINT NOT NULL DEFAULT 0,
                    done BOOLEAN NOT NULL DEFAULT FALSE, copied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            let rows = try tx.query("SELECT table_name, source, last_key, done FROM store_copy_progress")
            var progress = Progress()
            for row in rows.map({ $0 }) {
                let from = row.string("source") ?? ""
                guard from == source else {
                    throw PostgresError(
                        message: "\(store.location) holds a copy of \(from), not of \(source): copy into an empty "
                            + "database (createdb), or resume that copy with its own source",
                        isConfiguration: true)
                }
                let table = row.string("table_name") ?? ""
                progress.lastKey[table] = row.int64("last_key") ?? 0
                if row.bool("done") == true { progress.done.insert(table) }
                progress.resuming = true
            }
            if !progress.resuming {
                for table in tables {
                    let count = try tx.query("SELECT count(*) AS n FROM \"\(table)\"").first?.int("n") ?? 0
                    guard count == 0 else {
                        throw PostgresError(
                            message: "\(store.location) is not empty (\(count) row(s) in \(table)): a store is "
                                + "copied only into an empty database, so that nothing of either is mixed",
                            isConfiguration: true)
                    }
                }
            }
            return progress
        }
    }

    /// Inserts one chunk of `table`'s rows (text values in `columns`' order; nil is NULL) and records `lastKey` as
    /// copied, in one transaction; `done` when it was the table's last chunk.
    public func insert(
        _ rows: [[String?]], into table: String, columns: [String], source: String, lastKey: Int64?, done: Bool
    ) throws {
        try store.transaction { tx in
            if !rows.isEmpty {
                let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                // One statement per 500 values' worth of rows: parameters stay under PostgreSQL's limit.
                let perStatement = max(1, 30_000 / max(columns.count, 1))
                for start in stride(from: 0, to: rows.count, by: perStatement) {
                    let chunk = rows[start..<min(start + perStatement, rows.count)]
                    var places: [String] = []
                    var values: [(any PostgresBindable)?] = []
                    for row in chunk {
                        let first = values.count
                        places.append("(" + (1...columns.count).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
                        values += row.map { value -> (any PostgresBindable)? in value }
                    }
                    try tx.query(
                        "INSERT INTO \"\(table)\" (\(quoted)) VALUES \(places.joined(separator: ", ")) "
                            + "ON CONFLICT DO NOTHING", values)
                }
            }
            try tx.query(
                """
                INSERT INTO store_copy_progress (table_name, source, last_key, done) VALUES ($1, $2, $3, $4)
                ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, done = excluded.done,
                    copied_at = now()
                """, [table, source, lastKey ?? 0, done])
        }
    }

    /// After the last table: identities continue after the copied ids, so new rows do not collide with them.
    public func finish() throws {
        try store.transaction { tx in
            let identities = try tx.query(
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_identity = 'YES'
                """
            ).map { ($0.string("table_name") ?? "", $0.string("column_name") ?? "") }
            for (table, column) in identities {
                try tx.query(
                    """
                    SELECT setval(pg_get_serial_sequence($1, $2),
                        GREATEST((SELECT COALESCE(max("\(column)"), 0) FROM "\(table)"), 1),
                        (SELECT count(*) > 0 FROM "\(table)"))
                    """, ["\"\(table)\"", column])
            }
        }
    }

    /// How many rows `table` has.
    public func count(_ table: String) throws -> Int {
        try store.transaction(readOnly: true) { tx in
            try tx.query("SELECT count(*) AS n FROM \"\(table)\"").first?.int("n") ?? 0
        }
    }
}
