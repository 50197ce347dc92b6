import BenchmarkSupport
import Foundation

/// The tools people compare with, over the same maildir, each in a child process: `mu index`, `notmuch new`,
/// and Python's `email` (policy=default, parse + read). A tool that is not installed gives no row.
enum PeerRuns {
    static func run(options: BenchmarkOptions, corpus: URL, ingestRate: Double, into table: inout BenchmarkTable) {
        func add(_ name: String, _ perSecond: Double, _ detail: String) {
            table.add(
                BenchmarkRow(
                    name: name, value: perSecond, unit: "messages/s",
                    note: String(format: "LeadMail ingest is %.1f× this; ", ingestRate / perSecond)
                        + detail))
        }
        let home = options.workdir.appendingPathComponent("peers")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        if let mu = which("mu") {
            let muHome = home.appendingPathComponent("mu").path
            _ = try? ChildProcess.run(mu, ["init", "--muhome=" + muHome, "--maildir=" + corpus.path])
            SettledCorpus.settle(corpus)
            if let outcome = try? ChildProcess.run(mu, ["index", "--muhome=" + muHome]), outcome.status == 0 {
                add(
                    "peer: mu index", Double(options.count) / outcome.seconds,
                    String(format: "%.2f s, peak %.0f MB", outcome.seconds, outcome.peakRSS / 1e6))
            } else {
                FileHandle.standardError.write(Data("mu index failed: no row\n".utf8))
            }
        }
        if let notmuch = which("notmuch") {
            let config = home.appendingPathComponent("notmuch-config").path
            try? """
            [database]
            path=\(corpus.path)
            [user]
            name=Bench
            primary_email=bench@acme.example
            [new]
            tags=unread;
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let environment = ["NOTMUCH_CONFIG": config]
            SettledCorpus.settle(corpus)
            if let outcome = try? ChildProcess.run(notmuch, ["new", "--quiet"], environment: environment),
                outcome.status == 0
            {
                add(
                    "peer: notmuch new", Double(options.count) / outcome.seconds,
                    String(format: "%.2f s, peak %.0f MB", outcome.seconds, outcome.peakRSS / 1e6))
            } else {
                FileHandle.standardError.write(Data("notmuch new failed: no row\n".utf8))
            }
            try? FileManager.default.removeItem(at: corpus.appendingPathComponent(".notmuch"))
        }
        let script = BenchmarkCorpus.repository
            .appendingPathComponent("Benchmarks/ParserBenchmark/python_email_bench.py").path
        SettledCorpus.settle(corpus)
        if let python = which("python3"),
            let outcome = try? ChildProcess.run(python, [script, corpus.appendingPathComponent("new").path]),
            outcome.status == 0,
            let line = outcome.output.split(separator: "\n").first(where: { $0.contains("parse + read") })
        {
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            if numbers.count >= 3 {
                add("peer: Python email (parse + read)", numbers[1], String(format: "%.1f MB/s", numbers[2]))
            }
        }
    }

    /// The full path of a command on PATH, or nil.
    static func which(_ command: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
