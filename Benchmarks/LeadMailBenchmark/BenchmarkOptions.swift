import Foundation

/// What one run measures: the full run for people (`make bench`), or the smoke run for the tests (`--smoke`:
/// a few hundred messages, a two-second latency run, no peer tools).
struct BenchmarkOptions {
    var count = 10_000
    /// `run --once` over the backlog this many times; the median is reported (`BENCH_BACKLOG_RUNS`).
    var backlogRuns = 3
    var latencySeconds = 60.0
    var latencyRate = 50.0
    var sendCount = 2_000
    var bigMessageBytes = 50_000_000
    var peers = true
    /// `--only latency`: the latency run alone, for profiling it by hand.
    var only: String?
    /// The backlog to measure (`--corpus`, `BENCH_CORPUS`): `backlog`, a generated inbox shaped like a real
    /// backlog (`BacklogCorpus`, the default), or `samples`, copies of the sample inbox and the MIME fixtures
    /// (`EnquiryCorpus`, the corpus of the earlier figures).
    var corpus = "backlog"
    var workdir: URL
    var leadmail: String

    init(arguments: [String], environment: [String: String]) {
        func option(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let smoke = arguments.contains("--smoke")
        if smoke {
            count = 300
            backlogRuns = 1
            latencySeconds = 2
            sendCount = 100
            bigMessageBytes = 2_000_000
            peers = false
        }
        count = option("--count").flatMap(Int.init) ?? environment["BENCH_COUNT"].flatMap(Int.init) ?? count
        backlogRuns = max(1, environment["BENCH_BACKLOG_RUNS"].flatMap(Int.init) ?? backlogRuns)
        latencySeconds = environment["BENCH_LATENCY_SECONDS"].flatMap(Double.init) ?? latencySeconds
        sendCount = environment["SEND_COUNT"].flatMap(Int.init) ?? sendCount
        if arguments.contains("--no-peers") { peers = false }
        only = option("--only")
        corpus = option("--corpus") ?? environment["BENCH_CORPUS"] ?? corpus
        workdir = URL(fileURLWithPath: option("--workdir") ?? NSTemporaryDirectory() + "leadmail-bench-\(getpid())")
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("leadmail").path
        leadmail = option("--leadmail") ?? beside
    }
}
