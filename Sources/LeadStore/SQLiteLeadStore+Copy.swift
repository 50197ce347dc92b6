import Foundation
import GRDB

/// The store's tables as rows of text, for `leadmail store copy` (a SQLite store moved into PostgreSQL): every
/// value as the text PostgreSQL reads for the same column (a date as GRDB writes it, in UTC; a boolean as 0 or
/// 1; bytes as `\x` and hex digits), read in key order a chunk at a time so that a copy can stop and go on.
extension SQLiteLeadStore {
    /// One table's columns, and whether it has a rowid to read it by in order (a `WITHOUT ROWID` table has not).
    public struct CopiedTable: Sendable, Hashable {
        public var name: String
        public var columns: [String]
        public var hasRowID: Bool
    }

    /// The tables of the store (not SQLite's own, not GRDB's migrations, not the FTS index, rebuilt anyway, not
    /// `web_list_version`, which only tells this file's readers whether their kept list pages still hold).
    public func copiedTables() throws -> [CopiedTable] {
        try pool.read { db in
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                        AND name NOT LIKE 'grdb_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                        AND name <> 'web_list_version'
                        AND name NOT IN (SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_fts_%')
                    ORDER BY name
                    """)
            return try names.map { name in
                let columns = try db.columns(in: name).map(\.name)
                let sql = try String.fetchOne(
                    db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name])
                return CopiedTable(
                    name: name, columns: columns, hasRowID: !(sql ?? "").uppercased().contains("WITHOUT ROWID"))
            }
        }
    }

    /// Up to `limit` rows of `table` after rowid `after`, in rowid order, with the last rowid read (all rows at
    /// once, and no rowid, for a table without one).
    public func copiedRows(_ table: CopiedTable, after: Int64, limit: Int) throws -> (
        rows: [[String?]], lastKey: Int64?
    ) {
        let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return try pool.read { db in
            let sql =
                table.hasRowID
                ? "SELECT rowid, \(columns) FROM \"\(table.name)\" WHERE rowid > ? ORDER BY rowid LIMIT ?"
                : "SELECT 0, \(columns) FROM \"\(table.name)\""
            let cursor = try Row.fetchCursor(
                db, sql: sql, arguments: table.hasRowID ? [after, limit] : [])
            var rows: [[String?]] = []
            var last: Int64?
            while let row = try cursor.next() {
                last = row[0]
                rows.append((1...table.columns.count).map { Self.copiedText(row[$0]) })
            }
            return (rows, table.hasRowID ? last : nil)
        }
    }

    /// How many rows `table` has.
    public func copiedCount(_ table: String) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0 }
    }

    private static func copiedText(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text
        case .blob(let data):
            let digits = Array("0123456789abcdef".utf8)
            var text = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
            text.reserveCapacity(2 + data.count * 2)
            for byte in data {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0xF)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
