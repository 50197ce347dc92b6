import Foundation
import LeadStore
import PostgresStore

/// `leadmail store copy --to postgres://…`: moves an embedded SQLite store into a PostgreSQL database, for a site
/// that outgrows one machine. Table by table, parents first, a chunk of rows per transaction with the copy's
/// progress, so that a copy stopped anywhere (a crash, Ctrl-C, a lost connection) is resumed by running the same
/// command again; at the end every table's rows are counted on both sides.
public enum StoreCopy {
    /// One table's rows on each side once the copy is over.
    public struct TableCount: Sendable, Hashable {
        public var table: String
        public var source: Int
        public var target: Int
    }

    /// What a copy did.
    public struct Report: Sendable {
        public var resumed: Bool
        public var tables: [TableCount]
        /// SQLite tables PostgreSQL has no place for (none in LeadMail's schema; a newer SQLite schema could).
        public var skipped: [String]
        public var matches: Bool { tables.allSatisfy { $0.source == $0.target } }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies the SQLite store at `path` into the PostgreSQL database `url` (migrated first).
    /// - Parameters:
    ///   - chunk: rows per transaction.
    ///   - progress: after each chunk: the table and the rows of it copied so far (this run).
    /// - Throws: `PostgresError` (an unreachable server, a target that is not empty and not this copy's),
    ///   `StoreError`, or `Failure` when the counts differ at the end.
    public static func copy(
        from path: String, to url: String, chunk: Int = 1_000, progress: (String, Int) -> Void = { _, _ in }
    ) throws -> Report {
        guard !PostgresLocation.isPostgresURL(path) else {
            throw Failure(description: "the store to copy from is \(path): copy from a SQLite file")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "there is no SQLite store at \(path) to copy")
        }
        let source = try SQLiteLeadStore(path: path)
        let target = try PostgresStoreCopy(PostgresLeadStore(PostgresLocation(url: url)))
        let sourceTables = Dictionary(uniqueKeysWithValues: try source.copiedTables().map { ($0.name, $0) })
        let targetTables = try target.tables().filter { sourceTables[$0.name] != nil }
        let skipped = Set(sourceTables.keys).subtracting(targetTables.map(\.name)).sorted()
        let identity = (path as NSString).standardizingPath
        let absolute = identity.hasPrefix("/") ? identity : FileManager.default.currentDirectoryPath + "/" + identity
        var state = try target.begin(source: absolute, tables: targetTables.map(\.name))
        for table in targetTables where !state.done.contains(table.name) {
            guard var read = sourceTables[table.name] else { continue }
            // The columns both have, in the source's order.
            read.columns = read.columns.filter(table.columns.contains)
            var after = state.lastKey[table.name] ?? 0
            var copied = 0
            while true {
                let (rows, last) = try source.copiedRows(read, after: after, limit: chunk)
                let done = last == nil || rows.count < chunk
                try target.insert(
                    rows, into: table.name, columns: read.columns, source: absolute, lastKey: last ?? after,
                    done: done)
                copied += rows.count
                progress(table.name, copied)
                if done { break }
                after = last ?? after
            }
            state.done.insert(table.name)
        }
        try target.finish()
        let counts = try targetTables.map { table in
            TableCount(
                table: table.name, source: try source.copiedCount(table.name), target: try target.count(table.name))
        }
        let report = Report(resumed: state.resuming, tables: counts, skipped: skipped)
        guard report.matches else {
            let differ = counts.filter { $0.source != $0.target }
                .map { "\($0.table): \($0.source) in SQLite, \($0.target) in PostgreSQL" }
            throw Failure(
                description: "the copy's counts differ (\(differ.joined(separator: "; "))): the target had rows of "
                    + "its own, or a row broke a rule PostgreSQL keeps; nothing was deleted")
        }
        return report
    }
}
