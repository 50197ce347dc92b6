import Foundation
import SMTP
import TestSupport
import Testing

/// The handover hook is what lets the outbox tell "the relay cannot have it" from "it may": it must run once per
/// message, before the relay has the message, and never when the relay refused earlier.
@Suite("CurlSMTPTransport calls the handover hook before the relay can have the message")
struct CurlSMTPTransportHandoverTests {
    /// Counts hook calls and notes how many messages the server had at that moment.
    final class Probe: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Int] = []
        var calls: [Int] { lock.withLock { seen } }
        func record(_ serverCount: Int) { lock.withLock { seen.append(serverCount) } }
    }

    @Test("the hook runs once per message, while the server has not yet got it")
    func hookRunsBeforeDelivery() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])
        let probe = Probe()
        for _ in 0..<3 {
            _ = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope) {
                probe.record(try server.received().count)
            }
        }
        #expect(probe.calls == [0, 1, 2])
        #expect(try server.received().count == 3)
    }

    @Test("a hook that throws stops the transfer: nothing is delivered, the error is temporary")
    func failingHookAborts() async throws {
        struct Locked: Error {}
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope) { throw Locked() }
        }
        #expect(error?.kind == .temporary)
        #expect(try server.received().isEmpty)
        // The connection recovers for the next message.
        _ = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        #expect(try server.received().count == 1)
    }

    @Test("a recipient refused with 550 never reaches the handover")
    func refusedRecipientHasNoHandover() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try server.setRules([.reject(recipient: nil, code: 550, message: "5.1.1 No such user")])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let probe = Probe()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(
                SMTPFixtures.replyCRLF,
                envelope: Envelope(sender: "sales@leadmail.example", recipients: ["nobody@gmail.com"])
            ) { probe.record(0) }
        }
        #expect(error?.responseCode == 550)
        #expect(probe.calls.isEmpty)
    }
}
