import Foundation
import SMTP
import TestSupport
import Testing

@Suite("CurlSMTPTransport classifies refusals and failures")
struct CurlSMTPTransportFailureTests {
    let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["chen.wei@fastmail.example"])

    @Test("451 for the recipient is temporary and carries the server's reply")
    func temporaryRecipientRefusal() async throws {
        let server = try await SMTPTestServer.start()
        try server.setRules([.reject(recipient: nil, code: 451, message: "4.7.1 Greylisted, try again later")])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .temporary)
        #expect(error.responseCode == 451)
        #expect(error.serverReply == "451 4.7.1 Greylisted, try again later")
        #expect(error.description.contains("451"))
        #expect(try server.received().isEmpty)
    }

    @Test(
        "a refusal after DATA is classified by its code",
        arguments: [
            (452, TransportError.Kind.temporary), (554, TransportError.Kind.permanent),
        ])
    func dataRefusal(code: Int, kind: TransportError.Kind) async throws {
        let server = try await SMTPTestServer.start()
        try server.setRules([.rejectData(code: code, message: "\(code / 100).3.0 content refused by test")])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        }
        #expect(error.kind == kind)
        #expect(error.responseCode == code)
        #expect(error.serverReply?.hasPrefix("\(code) ") == true)
    }

    @Test("a refused sender is permanent")
    func senderRefusal() async throws {
        let server = try await SMTPTestServer.start()
        try server.setRules([.rejectSender(code: 553, message: "5.7.1 Sender address rejected: not owned by user")])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .permanent)
        #expect(error.responseCode == 553)
    }

    @Test("after a temporary refusal the same transport delivers once the server accepts again")
    func recoversAfterRefusal() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        try server.setRules([.reject(recipient: nil, code: 421, message: "4.3.2 Service shutting down")])
        await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }

        try server.setRules([])
        _ = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        #expect(try await server.waitForMessages(count: 1).map(\.data) == [SMTPFixtures.replyCRLF])
    }

    @Test("a closed port is a temporary failure that names the relay")
    func connectionRefused() async throws {
        let server = try await SMTPTestServer.start()
        let url = server.url
        await server.stopAndWait()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: url, connectTimeout: .seconds(2)))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .temporary)
        #expect(error.serverReply == nil)
        #expect(error.message.contains(url))
        #expect(error.message.contains("not reachable"))
    }

    @Test("wrong credentials are a configuration error with the 535 reply")
    func loginDenied() async throws {
        let server = try await SMTPTestServer.start(login: (username: "sales", password: "right"))
        let transport = CurlSMTPTransport(
            relay: try SMTPRelay(
                url: server.url.replacingOccurrences(
                    of: "//", with: "//sales@"), password: "wrong"))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .configuration)
        #expect(error.responseCode == 535)
        #expect(error.serverReply?.hasPrefix("535") == true)
        #expect(!error.description.contains("wrong"))
        #expect(try server.received().isEmpty)
    }

    @Test("TLS required but not offered by the server is a configuration error, nothing sent in clear")
    func requiredTLSMissing() async throws {
        let server = try await SMTPTestServer.start()
        var relay = try SMTPRelay(url: server.url)
        relay.requireTLS = true
        let transport = CurlSMTPTransport(relay: relay)

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains("STARTTLS"))
        #expect(try server.received().isEmpty)
    }

    @Test("a send from an already cancelled task fails as temporary and delivers nothing")
    func cancelledSend() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let envelope = self.envelope
        let outcome = await Task { () -> Result<DeliveryReceipt, TransportError> in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(TransportError) {
                return .success(try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope))
            } catch {
                return .failure(error)
            }
        }.value

        guard case .failure(let error) = outcome else {
            Issue.record("a cancelled send was delivered")
            return
        }
        #expect(error.kind == .temporary)
        #expect(error.message.contains("cancelled"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(try server.received().isEmpty)
    }

    @Test(
        "envelopes without recipients or with line breaks are refused before connecting",
        arguments: [
            Envelope(sender: "sales@leadmail.example", recipients: []),
            Envelope(sender: "sales@leadmail.example", recipients: ["a@example.com>\r\nRCPT TO:<victim@example.com"]),
            Envelope(sender: "x@example.com\r\nDATA", recipients: ["a@example.com"]),
            Envelope(sender: "sales@leadmail.example", recipients: [" "]),
        ])
    func invalidEnvelope(envelope: Envelope) async throws {
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: "smtp://127.0.0.1:1"))
        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)
        }
        #expect(error.kind == .permanent)
        #expect(error.serverReply == nil)
    }
}
