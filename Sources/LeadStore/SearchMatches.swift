import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The leads a full-text query matches, kept between requests for as long as the search index is unchanged.
///
/// Words that most enquiries contain ("sensor", "quote") match most leads; the list then asks, for each lead
/// it walks in its order, whether the lead matched. Reading every match out of FTS5 costs tens of milliseconds
/// at 100,000 leads; a set kept from the last time costs a lookup. A set is valid while the index's structure
/// record (`leads_fts_data` row 10, which FTS5 rewrites at every change it commits, in any process) is the one
/// it was read with, compared inside the reader's snapshot. At most `budget` bytes are kept, least recently
/// used out first.
final class SearchMatches: Sendable {
    /// Lead ids as bits.
    struct Found: Sendable {
        let bits: [UInt64]
        let count: Int

        init(_ ids: [Int64]) {
            var bits = [UInt64](repeating: 0, count: Int((ids.max() ?? 0) / 64) + 1)
            for id in ids where id >= 0 { bits[Int(id / 64)] |= 1 << UInt64(id % 64) }
            self.bits = bits
            count = ids.count
        }

        /// The ids `statement` (one integer column) yields, set in the bits as the cursor steps onto each row:
        /// no array of a common word's 80,000 ids in between.
        init(reading statement: Statement, arguments: StatementArguments) throws {
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            let sqlite = statement.sqliteStatement
            var bits: [UInt64] = []
            var count = 0
            while try rows.next() != nil {
                let id = sqlite3_column_int64(sqlite, 0)
                guard id >= 0 else { continue }
                let word = Int(id / 64)
                if word >= bits.count {
                    bits.append(contentsOf: repeatElement(0, count: max(word + 1 - bits.count, bits.count)))
                }
                let bit: UInt64 = 1 << UInt64(id % 64)
                if bits[word] & bit == 0 {
                    bits[word] |= bit
                    count += 1
                }
            }
            self.bits = bits
            self.count = count
        }

        private init(bits: [UInt64]) {
            self.bits = bits
            count = bits.reduce(0) { $0 + $1.nonzeroBitCount }
        }

        /// The leads in both sets: what two words matched together.
        func intersection(_ other: Found) -> Found {
            Found(bits: zip(bits, other.bits).map { $0 & $1 })
        }

        func contains(_ id: Int64) -> Bool {
            guard id >= 0, Int(id / 64) < bits.count else { return false }
            return bits[Int(id / 64)] & (1 << UInt64(id % 64)) != 0
        }

        var bytes: Int { bits.count * 8 + 64 }
    }

    static let budget = 8 << 20
    private let kept = VersionedCache<String, Data, Found>(budget: budget)
    /// One gate per word being read: a reader waits only for the word it needs, while other words are read on
    /// the other cores.
    private let gates = Mutex([String: Gate]())

    private final class Gate: Sendable {
        let lock = Mutex(())
    }

    /// The leads all `terms` (FTS5 phrases, as `ftsQuery` writes them) find together. Each term's set is kept on
    /// its own: people search with a few words in ever new combinations, and a set per word serves every
    /// combination of it (FTS5 matches terms side by side as all of them, so the sets' intersection is the
    /// query's matches).
    func found(terms: [String], _ db: Database) throws -> Found {
        let version =
            try Data.fetchOne(db.cachedStatement(sql: "SELECT block FROM leads_fts_data WHERE id = 10")) ?? Data()
        var result: Found?
        for term in Set(terms).sorted() {
            let found = try found(term, version: version, db)
            result = result.map { $0.intersection(found) } ?? found
        }
        return result ?? Found([])
    }

    /// The leads `match` (an FTS5 query) finds, from the set kept for it when the index has not changed since.
    private func found(_ match: String, version: Data, _ db: Database) throws -> Found {
        if let known = known(match, version: version) { return known }
        // One reader reads a word's matches (on the store's threads, never the cooperative pool): twenty sessions
        // searching as the index changes would otherwise each read the same tens of thousands of ids at once; the
        // others wait for that word and then find its set kept. Different words are read side by side (a cold
        // server's first searches ask for many words at once, and each waited for all the words before it).
        let gate = gates.withLock { gates in
            if let gate = gates[match] { return gate }
            let gate = Gate()
            gates[match] = gate
            return gate
        }
        defer { gates.withLock { gates in if gates[match] === gate { gates[match] = nil } } }
        return try gate.lock.withLock { _ in
            if let known = known(match, version: version) { return known }
            return try read(match, version: version, db)
        }
    }

    /// The set kept for `match` with this version of the index, marked as just used.
    private func known(_ match: String, version: Data) -> Found? {
        kept.value(for: match, version: version)
    }

    /// Reads what `match` finds and keeps it, within the budget.
    private func read(_ match: String, version: Data, _ db: Database) throws -> Found {
        let found = try Found(
            reading: db.cachedStatement(sql: "SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?"),
            arguments: [match])
        kept.keep(found, for: match, version: version, bytes: found.bytes)
        return found
    }
}
