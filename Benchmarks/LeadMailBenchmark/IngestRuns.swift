import BenchmarkSupport
import Foundation

/// `leadmail run --once` over the whole generated backlog, and `leadmail ingest` of one very large message,
/// each in a child process so that its wall time and peak RSS are its own.
enum IngestRuns {
    /// The backlog: messages/s, MB/s and peak RSS of `leadmail run --once` (file transport: replies are written
    /// to the workspace's outbox maildir), `options.backlogRuns` times, each in a workspace of its own. The rate
    /// is the median run's: on a shared 2-core VM one run moves by 10 to 20% from minute to minute, and a
    /// single sample made the figure a draw. The peak RSS is the highest of the runs.
    static func backlog(options: BenchmarkOptions, corpus: URL, bytes: Int, into table: inout BenchmarkTable)
        throws
    {
        var runs: [(outcome: ChildProcess.Outcome, recorded: Int, quarantined: Int)] = []
        var workspaces: [URL] = []
        // Every workspace is removed at the end, not between runs: ext4 is slow to hand out inodes right after
        // many were freed, which would slow the next run's outbox files.
        defer { for directory in workspaces { try? FileManager.default.removeItem(at: directory) } }
        for run in 1...options.backlogRuns {
            let workspace = try BenchmarkWorkspace(options.workdir.appendingPathComponent("ingest-\(run)"))
            workspaces.append(workspace.directory)
            try workspace.linkInbox(from: corpus)
            SettledCorpus.settle(corpus)
            let outcome = try ChildProcess.run(
                options.leadmail, ["run", "--once", "--config", workspace.config],
                environment: BenchmarkWorkspace.environment)
            try check(outcome, "leadmail run --once")
            let manager = FileManager.default
            let recorded = try manager.contentsOfDirectory(
                atPath: workspace.mailbox.appendingPathComponent("cur").path
            ).count
            let quarantined =
                (try? manager.contentsOfDirectory(
                    atPath: workspace.directory.appendingPathComponent("quarantine/new").path))?.count ?? 0
            runs.append((outcome, recorded, quarantined))
        }
        let median = runs.sorted { $0.outcome.seconds < $1.outcome.seconds }[runs.count / 2]
        let perSecond = Double(options.count) / median.outcome.seconds
        let times = runs.map { String(format: "%.2f", $0.outcome.seconds) }.joined(separator: ", ")
        let which = runs.count == 1 ? "one run" : "median of \(runs.count) runs"
        table.add(
            BenchmarkRow(
                name: "ingest (run --once)", value: perSecond, unit: "messages/s", target: "≥ 6000",
                note: "\(which) (\(times) s)"
                    + String(
                        format: ", %d in cur/, %d quarantined, %.0f%% of target",
                        median.recorded, median.quarantined, perSecond / 6_000 * 100)))
        table.add(
            BenchmarkRow(
                name: "ingest throughput", value: Double(bytes) / 1e6 / median.outcome.seconds,
                unit: "MB/s", note: String(format: "%.1f MB in new/", Double(bytes) / 1e6)))
        let peak = runs.max { $0.outcome.peakRSS < $1.outcome.peakRSS }!.outcome
        table.add(
            BenchmarkRow(
                name: "memory: backlog peak RSS", value: peak.peakRSS / 1e6, unit: "MB",
                target: "≤ 60",
                note: ["highest of the runs", floorNote(peak)].filter { !$0.isEmpty }
                    .joined(separator: ", ")))
    }

    /// One message of `options.bigMessageBytes` with the bulk in a base64 attachment, through `leadmail ingest`.
    static func bigMessage(options: BenchmarkOptions, into table: inout BenchmarkTable) throws {
        let workspace = try BenchmarkWorkspace(options.workdir.appendingPathComponent("big"))
        let file = workspace.directory.appendingPathComponent("big.eml")
        // Written by a child of ours: making it here would raise our own peak, the floor of the next child's.
        try check(
            ChildProcess.run(
                CommandLine.arguments[0],
                [
                    "--write-sized", "\(options.bigMessageBytes)", "--file", file.path,
                ]), "writing the big message")
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        let outcome = try ChildProcess.run(
            options.leadmail, ["ingest", file.path, "--config", workspace.config],
            environment: BenchmarkWorkspace.environment)
        try check(outcome, "leadmail ingest (big message)")
        let label = "memory: big message peak RSS"
        table.add(
            BenchmarkRow(
                name: label, value: outcome.peakRSS / 1e6, unit: "MB",
                target: String(format: "≤ %.0f (3× size)", 3 * Double(size) / 1e6),
                note: String(
                    format: "%.1f MB message, %.2f× its size, %.2f s ", Double(size) / 1e6,
                    outcome.peakRSS / Double(size),
                    outcome.seconds) + floorNote(outcome)))
        try? FileManager.default.removeItem(at: workspace.directory)
    }

    /// A child's ru_maxrss cannot be below its parent's peak at the spawn; say so when it may be that floor.
    static func floorNote(_ outcome: ChildProcess.Outcome) -> String {
        guard outcome.peakRSS <= outcome.parentPeak * 1.05 else { return "" }
        return String(format: "at most (parent's peak was %.0f MB)", outcome.parentPeak / 1e6)
    }

    static func check(_ outcome: ChildProcess.Outcome, _ what: String) throws {
        guard outcome.status == 0 else {
            throw BenchmarkFailure(what: what, status: outcome.status, output: outcome.output)
        }
    }
}

/// A step of the benchmark that did not run as it should: the command, its exit status and its output.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var what: String
    var status: Int32
    var output: String

    var description: String {
        "\(what) exited with status \(status); its output ends:\n" + output.suffix(2_000)
    }
}
