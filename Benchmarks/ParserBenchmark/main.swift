import BenchmarkSupport
import Foundation
import MIME

#if canImport(Glibc)
    import Glibc
#endif

// ParserBenchmark: the MIME parser alone, in release (`make bench-parser`).
//
//   ParserBenchmark [--count N] [--workdir DIR] [--no-python]
//
// 1. Writes a maildir of N (default 10,000) realistic messages, reads them all into memory, and times
//    MessageParser over them: messages/s and MB/s (best of three passes). Python's `email` (policy=default)
//    runs over the same files in the same run when python3 is there (python_email_bench.py beside this file).
// 2. The linearity table: parse time and peak RSS for 1 KB, 100 KB, 10 MB and 50 MB messages, as text and
//    with one big attachment, each in a child process of its own so that its peak memory is its own.

/// Writes a line at once (not buffered like `print` to a pipe), so that a long run shows its progress.
func say(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}

if let size = option("--linearity-case").flatMap(Int.init), let path = option("--file") {
    try LinearityCase.run(size: size, path: path)
    exit(0)
}

let count = option("--count").flatMap(Int.init) ?? 10_000
let workdir = URL(fileURLWithPath: option("--workdir") ?? NSTemporaryDirectory() + "leadmail-parser-bench")
let runPython = !arguments.contains("--no-python")

say("== ParserBenchmark: MessageParser alone (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
let paths = try BenchmarkCorpus.writeMaildir(count: count, into: workdir.appendingPathComponent("maildir"))
let messages = try paths.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
let totalBytes = messages.reduce(0) { $0 + $1.count }
say(
    "maildir: \(messages.count) messages, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB in "
        + workdir.appendingPathComponent("maildir/new").path)

let parsed = ParserMeasurement.measure(messages)
let swiftRate = parsed.messagesPerSecond
say(
    String(
        format: "LeadMail MessageParser: %.3f s  %8.0f messages/s  %7.1f MB/s  (%d refused as not mail)",
        parsed.seconds, swiftRate, parsed.megabytesPerSecond, parsed.refused))

if runPython {
    let script = BenchmarkCorpus.repository.appendingPathComponent("Benchmarks/ParserBenchmark/python_email_bench.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, workdir.appendingPathComponent("maildir/new").path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do {
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        say(output, terminator: "")
        if let line = output.split(separator: "\n").first(where: { $0.contains("parse + read") }),
            let rate = line.split(separator: " ").compactMap({ Double($0) }).dropFirst().first
        {
            say(String(format: "LeadMail is %.1fx Python's email (parse + read) in messages/s", swiftRate / rate))
        }
    } catch {
        say("python3 not found: Python's figures skipped")
    }
}

say("\n== Linearity: one message per row, parsed in a child process (peak RSS is that process's)")
say("size        shape        bytes        parse s     MB/s    peak RSS MB   RSS before MB   peak/size")
for size in [1_000, 100_000, 10_000_000, 50_000_000] {
    for attachment in [false, true] {
        let file = workdir.appendingPathComponent("sized-\(size)-\(attachment ? "attachment" : "text").eml")
        try Data(BenchmarkCorpus.sized(size, attachment: attachment)).write(to: file)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--linearity-case", "\(size)", "--file", file.path]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let label = LinearityCase.label(size).padding(toLength: 12, withPad: " ", startingAt: 0)
        let shape = (attachment ? "attachment" : "text").padding(toLength: 13, withPad: " ", startingAt: 0)
        say(label + shape + output, terminator: "")
        try? FileManager.default.removeItem(at: file)
    }
}
