import BenchmarkSupport
import Foundation
import GRDB
import Intake
import MIME

/// What ingest cannot beat, measured in this process: reading every file, the parser alone over the same bytes,
/// and SQLite inserting one row per message, in one transaction and in one transaction per row (the cost of
/// committing each message on its own, with synchronous=FULL, a sync of the WAL at every commit, and with NORMAL,
/// GRDB's default for a DatabasePool, which syncs only at checkpoints).
enum FloorRuns {
    /// Reads every file of `corpus/new` (best of two, the second from the page cache) and returns the bytes.
    static func readFiles(corpus: URL, into table: inout BenchmarkTable) throws -> [[UInt8]] {
        let folder = corpus.appendingPathComponent("new")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var best = Double.infinity
        var messages: [[UInt8]] = []
        for _ in 0..<2 {
            messages = []
            messages.reserveCapacity(names.count)
            let start = DispatchTime.now().uptimeNanoseconds
            for name in names {
                messages.append(try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let bytes = messages.reduce(0) { $0 + $1.count }
        table.add(
            BenchmarkRow(
                name: "floor: read every file", value: Double(names.count) / best, unit: "messages/s",
                note: String(format: "%.0f MB/s", Double(bytes) / 1e6 / best)))
        return messages
    }

    static func parser(_ messages: [[UInt8]], into table: inout BenchmarkTable) -> ParserMeasurement {
        let parsed = ParserMeasurement.measure(messages)
        table.add(
            BenchmarkRow(
                name: "parser alone", value: parsed.megabytesPerSecond, unit: "MB/s",
                note: String(
                    format: "%.0f messages/s, %d refused as not mail",
                    parsed.messagesPerSecond, parsed.refused)))
        return parsed
    }

    /// What intake's helpers do for each message, on one core: parse it, read its enquiries with the repository's
    /// source rules, judge it (the best of three passes). Ingest spends about half its CPU here.
    static func reading(_ messages: [[UInt8]], into table: inout BenchmarkTable) throws {
        let configuration = try ConfigurationLoader(environment: [:])
            .load(path: BenchmarkCorpus.repository.appendingPathComponent("leadmail.yml").path)
        let (parser, extractor, policy) = (MessageParser(), configuration.enquiryExtractor, configuration.replyPolicy)
        var best = Double.infinity
        var enquiries = 0
        for _ in 0..<3 {
            enquiries = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for bytes in messages {
                guard let message = try? parser.parse(bytes) else { continue }
                let found = extractor.enquiries(from: message)
                _ = policy.verdict(for: message, replyAddress: found.first?.contact.email)
                enquiries += found.count
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        table.add(
            BenchmarkRow(
                name: "parse + read the enquiry, one core", value: Double(messages.count) / best,
                unit: "messages/s", note: "\(enquiries) enquiries in \(messages.count) messages"))
    }

    /// The same reading on `threads` threads at once, sharing one extractor and policy as intake's helpers do:
    /// messages/s over all of them (the best of three passes).
    static func readingInParallel(_ messages: [[UInt8]], threads: Int, into table: inout BenchmarkTable) throws {
        let configuration = try ConfigurationLoader(environment: [:])
            .load(path: BenchmarkCorpus.repository.appendingPathComponent("leadmail.yml").path)
        let (extractor, policy) = (configuration.enquiryExtractor, configuration.replyPolicy)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let parser = MessageParser()
                for index in stride(from: part, to: messages.count, by: threads) {
                    guard let message = try? parser.parse(messages[index]) else { continue }
                    let found = extractor.enquiries(from: message)
                    _ = policy.verdict(for: message, replyAddress: found.first?.contact.email)
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        table.add(
            BenchmarkRow(
                name: "parse + read the enquiry, \(threads) threads", value: Double(messages.count) / best,
                unit: "messages/s", note: ""))
    }

    /// Rows per second into a WAL database like the store's: `count` rows in one transaction, then
    /// `single` rows each in a transaction of its own with synchronous FULL and NORMAL.
    static func sqlite(count: Int, single: Int, workdir: URL, into table: inout BenchmarkTable) throws {
        let once = try insertRate(rows: count, perTransaction: count, synchronous: "FULL", workdir: workdir)
        table.add(
            BenchmarkRow(
                name: "floor: SQLite, one transaction", value: once, unit: "rows/s",
                note: "\(count) rows"))
        for mode in ["FULL", "NORMAL"] {
            let rate = try insertRate(rows: single, perTransaction: 1, synchronous: mode, workdir: workdir)
            table.add(
                BenchmarkRow(
                    name: "SQLite, a transaction per row (\(mode))", value: rate, unit: "rows/s",
                    note: String(format: "\(single) rows; %.0f× slower than one", once / rate)))
        }
    }

    static func insertRate(rows: Int, perTransaction: Int, synchronous: String, workdir: URL) throws -> Double {
        let path = workdir.appendingPathComponent("floor-\(synchronous)-\(perTransaction).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let pool = try DatabasePool(path: path)
        // After opening: GRDB's DatabasePool sets synchronous=NORMAL when it turns WAL on, over prepareDatabase.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        try pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE communications (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, sender TEXT,
                        subject TEXT, received_at TEXT, body TEXT)
                    """)
        }
        let body = String(repeating: "We need a quote for forty cold-room sensors. ", count: 20)
        let start = DispatchTime.now().uptimeNanoseconds
        var next = 0
        while next < rows {
            let end = min(rows, next + perTransaction)
            try pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO communications (message_id, sender, subject, received_at, body)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                for row in next..<end {
                    try statement.execute(arguments: [
                        "<floor-\(row)@bench.example>", "lead\(row)@customer.example", "Quote \(row)",
                        "2026-11-23T10:00:00Z", body,
                    ])
                }
            }
            next = end
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try pool.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return Double(rows) / seconds
    }
}
