import Foundation
import SMTP

// Replies per second to a local aiosmtpd (Tests/TestSupport/smtp_sink.py), over one reused connection and over
// a new connection per message. `make bench-send` (release build). SEND_COUNT=N changes the number of messages.

let count = Int(ProcessInfo.processInfo.environment["SEND_COUNT"] ?? "") ?? 2_000
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let sink = try SinkServer(script: repository.appendingPathComponent("Tests/TestSupport/smtp_sink.py").path)
defer { sink.stop() }

func reply(_ number: Int) -> [UInt8] {
    let body = String(repeating: "Thank you for your enquiry about our cold-room sensors. We will call you today.\n",
                      count: 20)
    return Array("""
        From: Acme Sales <sales@acme.example>
        To: Lead \(number) <lead\(number)@customer.example>
        Subject: Re: Your enquiry \(number)
        Date: Mon, 23 Nov 2026 10:00:00 +0000
        Message-ID: <bench-\(number)@acme.example>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8

        \(body)
        """.utf8)
}

func measure(_ label: String, messages: Int, transportFor: (Int) throws -> CurlSMTPTransport) async throws {
    let clock = ContinuousClock()
    let start = clock.now
    for number in 0..<messages {
        let transport = try transportFor(number)
        _ = try await transport.send(
            reply(number), envelope: Envelope(sender: "sales@acme.example",
                                              recipients: ["lead\(number)@customer.example"])
        ) {}
    }
    let seconds = (clock.now - start) / .seconds(1)
    let perSecond = Double(messages) / seconds
    print(String(format: "%-38@ %6d replies in %6.2f s = %7.1f replies/s", label as NSString, messages, seconds,
                 perSecond))
}

let relay = try SMTPRelay(url: "smtp://127.0.0.1:\(sink.port)")
let shared = CurlSMTPTransport(relay: relay)
print("SendBenchmark: \(count) replies of ~1.8 KB to aiosmtpd on 127.0.0.1:\(sink.port)")
try await measure("one connection for the batch", messages: count) { _ in shared }
try await measure("a new connection per reply", messages: max(count / 4, 1)) { _ in CurlSMTPTransport(relay: relay) }
let received = (try? FileManager.default.contentsOfDirectory(atPath: sink.directory))?
    .filter { $0.hasSuffix(".json") }.count ?? 0
print("the server saved \(received) messages")
