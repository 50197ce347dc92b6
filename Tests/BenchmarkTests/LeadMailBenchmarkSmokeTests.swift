import BenchmarkSupport
import Foundation
import TestSupport
import Testing

/// The benchmark's smoke mode (a few hundred messages, two seconds of latency, no peers), so that `make bench`
/// cannot rot: every row of the table must be there with a sane figure. No timing threshold is asserted.
@Suite("LeadMailBenchmark smoke run")
struct LeadMailBenchmarkSmokeTests {
    /// One parsed row of the printed table.
    struct Row {
        var value: Double
        var unit: String
        var note: String
    }

    static let expectedRows: [String: String] = [
        "ingest (run --once)": "messages/s", "ingest throughput": "MB/s", "memory: backlog peak RSS": "MB",
        "memory: big message peak RSS": "MB", "latency p50": "ms", "latency p99": "ms", "latency max": "ms",
        "latency rename p50": "ms", "latency link p50": "ms", "latency write-then-close p50": "ms",
        "memory: run peak RSS": "MB", "floor: read every file": "messages/s", "parser alone": "MB/s",
        "parse + read the enquiry, one core": "messages/s",
        "floor: SQLite, one transaction": "rows/s", "SQLite, a transaction per row (FULL)": "rows/s",
        "SQLite, a transaction per row (NORMAL)": "rows/s", "sending, one connection": "replies/s",
        "sending, a connection per reply": "replies/s",
    ]

    @Test("prints every row with a positive figure, all messages recorded and every latency message answered")
    func smokeRun() async throws {
        let directory = try TemporaryDirectory(prefix: "bench-smoke")
        let binaries = URL(fileURLWithPath: RepositoryPaths.leadmailBinary).deletingLastPathComponent()
        let benchmark = binaries.appendingPathComponent("LeadMailBenchmark").path
        let outcome = await Self.runOffThePool(
            benchmark,
            [
                "--smoke", "--count", "120", "--workdir", directory.appending("work"),
                "--leadmail", RepositoryPaths.leadmailBinary,
            ])
        #expect(outcome.status == 0, "\(outcome.output)")
        let rows = Self.parse(outcome.output)
        for (name, unit) in Self.expectedRows {
            let row = try #require(rows[name], "row \(name) missing from:\n\(outcome.output)")
            #expect(row.unit == unit)
            #expect(row.value.isFinite && row.value > 0, "\(name): \(row.value)")
        }
        #expect(rows.count == Self.expectedRows.count, "unexpected rows: \(rows.keys.sorted())")
        let p50 = try #require(rows["latency p50"]?.value)
        let p99 = try #require(rows["latency p99"]?.value)
        let max = try #require(rows["latency max"]?.value)
        #expect(p50 <= p99 && p99 <= max)
        // Every generated message ends in cur/ (recorded) or the quarantine: none is left in new/.
        let note = try #require(rows["ingest (run --once)"]?.note)
        let counts = note.split(separator: ",").compactMap { Int($0.split(separator: " ").first ?? "") }
        #expect(counts.prefix(2).reduce(0, +) == 120, "\(note)")
        #expect(rows["latency p50"]?.note.hasPrefix("100 of 100 replied") == true)
    }

    /// `| name | value | unit | target | note |` lines, after the header and its rule.
    static func parse(_ output: String) -> [String: Row] {
        var rows: [String: Row] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 7, let value = Double(cells[2]) else { continue }
            rows[cells[1]] = Row(value: value, unit: cells[3], note: cells[5])
        }
        return rows
    }

    /// Waits for the child on a thread of its own, never on Swift's cooperative pool (two threads here).
    static func runOffThePool(_ executable: String, _ arguments: [String]) async -> ChildProcess.Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try ChildProcess.run(executable, arguments))
                } catch {
                    continuation.resume(
                        returning: ChildProcess.Outcome(
                            status: -1, seconds: 0, peakRSS: 0, parentPeak: 0, output: "\(error)"))
                }
            }
        }
    }
}
