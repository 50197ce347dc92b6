import BenchmarkSupport
import Foundation
import SMTP

// Replies per second to a local aiosmtpd (Tests/TestSupport/smtp_sink.py), over one reused connection and over
// a new connection per message. `make bench-send` (release build). SEND_COUNT=N changes the number of messages.

let count = Int(ProcessInfo.processInfo.environment["SEND_COUNT"] ?? "") ?? 2_000
let sink = try SinkServer()
defer { sink.stop() }

func report(_ label: String, messages: Int, perSecond: Double) {
    print(String(format: "%-38@ %6d replies = %7.1f replies/s", label as NSString, messages, perSecond))
}

let relay = try SMTPRelay(url: "smtp://127.0.0.1:\(sink.port)")
let shared = CurlSMTPTransport(relay: relay)
print("SendBenchmark: \(count) replies of ~1.8 KB to aiosmtpd on 127.0.0.1:\(sink.port)")
report(
    "one connection for the batch", messages: count,
    perSecond: try await SendMeasurement.measure(messages: count) { _ in shared })
let fresh = max(count / 4, 1)
report(
    "a new connection per reply", messages: fresh,
    perSecond: try await SendMeasurement.measure(messages: fresh) { _ in CurlSMTPTransport(relay: relay) })
let received =
    (try? FileManager.default.contentsOfDirectory(atPath: sink.directory))?
    .filter { $0.hasSuffix(".json") }.count ?? 0
print("the server saved \(received) messages")
