import Foundation

/// smtp_sink.py (aiosmtpd) in a temporary folder, for the benchmarks; stopped with `stop()`.
public final class SinkServer {
    public let port: Int
    public let directory: String
    private let process: Process

    /// The project's test SMTP server, Tests/TestSupport/smtp_sink.py.
    public static let defaultScript = BenchmarkCorpus.repository
        .appendingPathComponent("Tests/TestSupport/smtp_sink.py").path

    public init(script: String = SinkServer.defaultScript) throws {
        // On a tmpfs when there is one: the sink fsyncs every message, and the disk's fsync is not what is measured.
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        directory = base + "send-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script, "--dir", directory]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            throw NSError(
                domain: "BenchmarkSupport", code: 1,
                userInfo: [
                    NSLocalizedDescriptionKey: "smtp_sink.py did not start (is aiosmtpd installed? make test-deps)"
                ])
        }
        self.port = port
    }

    public func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
