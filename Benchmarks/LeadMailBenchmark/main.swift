import BenchmarkSupport
import Foundation
import SMTP

// LeadMailBenchmark: the figures to quote, in one table (`make bench`, release build).
//
//   LeadMailBenchmark [--smoke] [--count N] [--corpus backlog|samples] [--no-peers] [--workdir DIR] [--leadmail PATH]
//   LeadMailBenchmark --write-corpus DIR [--count N] [--corpus backlog|samples]   (only writes the maildir)
//   LeadMailBenchmark --reading DIR                    (parser and enquiry reading alone over DIR/new)
//   LeadMailBenchmark --reading DIR --threads N        (only the reading, on N threads sharing one extractor)
//   LeadMailBenchmark --only latency                   (the latency run alone, for profiling it by hand)
//   environment: BENCH_COUNT, BENCH_CORPUS, BENCH_LATENCY_SECONDS, SEND_COUNT
//
// Generates a deterministic maildir of N (default 10,000) messages shaped like a real backlog (BacklogCorpus:
// about 70% new people; `--corpus samples`: EnquiryCorpus, copies of the samples), then measures: ingest
// (`leadmail run --once`, file transport), the peak RSS of that backlog and of one 50 MB message, latency
// (`leadmail run` with aiosmtpd as the relay, 50 messages/s), the peers (`mu index`, `notmuch new`, Python's
// email) where installed, the floors (reading the files, SQLite inserts), the parser alone, and replies per
// second to aiosmtpd. Children first: a child's peak RSS cannot be reported below ours (see ChildProcess).
// `--smoke`: a few hundred messages, two seconds of latency, no peers; the test suite runs it.

let arguments = CommandLine.arguments
if let size = arguments.firstIndex(of: "--write-sized").flatMap({ Int(arguments[$0 + 1]) }),
    let file = arguments.firstIndex(of: "--file").map({ arguments[$0 + 1] })
{
    try Data(BenchmarkCorpus.sized(size, attachment: true)).write(to: URL(fileURLWithPath: file))
    exit(0)
}
// For profiling by hand: the same deterministic maildir, kept (`--write-corpus DIR [--count N]`).
if let directory = arguments.firstIndex(of: "--write-corpus").map({ arguments[$0 + 1] }) {
    let count = arguments.firstIndex(of: "--count").flatMap({ Int(arguments[$0 + 1]) }) ?? 10_000
    let samples = arguments.firstIndex(of: "--corpus").map({ arguments[$0 + 1] }) == "samples"
    let folder = URL(fileURLWithPath: directory)
    let bytes =
        samples
        ? try EnquiryCorpus.writeMaildir(count: count, into: folder)
        : try BacklogCorpus.writeMaildir(count: count, into: folder)
    print("\(count) messages, \(bytes) bytes in \(directory)/new")
    exit(0)
}

// For profiling by hand: the parser and the enquiry reading alone over a maildir's new/ (`--reading DIR`), or
// only the reading on N threads at once (`--reading DIR --threads N`).
if let directory = arguments.firstIndex(of: "--reading").map({ arguments[$0 + 1] }) {
    var table = BenchmarkTable()
    let messages = try FloorRuns.readFiles(corpus: URL(fileURLWithPath: directory), into: &table)
    if let threads = arguments.firstIndex(of: "--threads").flatMap({ Int(arguments[$0 + 1]) }) {
        try FloorRuns.readingInParallel(messages, threads: threads, into: &table)
        print(table.render())
        exit(0)
    }
    _ = FloorRuns.parser(messages, into: &table)
    try FloorRuns.reading(messages, into: &table)
    print(table.render())
    exit(0)
}

let options = BenchmarkOptions(arguments: arguments, environment: ProcessInfo.processInfo.environment)
var table = BenchmarkTable()
func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
guard ["backlog", "samples"].contains(options.corpus) else {
    say(
        "LeadMailBenchmark: --corpus takes backlog (the generated backlog) or samples (copies of the samples), "
            + "not \(options.corpus)")
    exit(2)
}
if let only = options.only, only != "latency" {
    say("LeadMailBenchmark: --only takes latency (the one measurement that runs alone), not \(only)")
    exit(2)
}

do {
    guard FileManager.default.isExecutableFile(atPath: options.leadmail) else {
        throw BenchmarkFailure(
            what: "finding leadmail at \(options.leadmail) (build it, or pass --leadmail PATH)",
            status: 1, output: "")
    }
    try FileManager.default.createDirectory(at: options.workdir, withIntermediateDirectories: true)
    if options.only == "latency" {
        try LatencyRun.run(options: options, into: &table)
        print(table.render())
        try? FileManager.default.removeItem(at: options.workdir)
        exit(0)
    }
    let corpus = options.workdir.appendingPathComponent("corpus")
    say(
        "== LeadMailBenchmark: \(options.count) messages (\(options.corpus) corpus) in \(corpus.path), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
    let bytes =
        options.corpus == "samples"
        ? try EnquiryCorpus.writeMaildir(count: options.count, into: corpus)
        : try BacklogCorpus.writeMaildir(count: options.count, into: corpus)

    try IngestRuns.backlog(options: options, corpus: corpus, bytes: bytes, into: &table)
    try IngestRuns.bigMessage(options: options, into: &table)
    try LatencyRun.run(options: options, into: &table)
    if options.peers {
        PeerRuns.run(
            options: options, corpus: corpus, ingestRate: table.value("ingest (run --once)") ?? .nan,
            into: &table)
    }

    let messages = try FloorRuns.readFiles(corpus: corpus, into: &table)
    _ = FloorRuns.parser(messages, into: &table)
    try FloorRuns.reading(messages, into: &table)
    try FloorRuns.sqlite(
        count: options.count, single: min(options.count, 2_000), workdir: options.workdir,
        into: &table)

    let sink = try SinkServer()
    let relay = try SMTPRelay(url: "smtp://127.0.0.1:\(sink.port)")
    let shared = CurlSMTPTransport(relay: relay)
    let reused = try await SendMeasurement.measure(messages: options.sendCount) { _ in shared }
    table.add(
        BenchmarkRow(
            name: "sending, one connection", value: reused, unit: "replies/s", target: "≥ 500",
            note: "\(options.sendCount) replies of 1.8 KB to aiosmtpd"))
    let fresh = try await SendMeasurement.measure(messages: max(1, options.sendCount / 4)) { _ in
        CurlSMTPTransport(relay: relay)
    }
    table.add(BenchmarkRow(name: "sending, a connection per reply", value: fresh, unit: "replies/s"))
    sink.stop()
    try? FileManager.default.removeItem(at: options.workdir)
} catch {
    print(table.render())
    say("LeadMailBenchmark failed: \(error)")
    exit(1)
}

print(table.render())
