import Foundation
import SMTP
import TestSupport
import Testing

@Suite("CurlSMTPTransport delivers to a real SMTP server")
struct CurlSMTPTransportDeliveryTests {
    @Test("the server receives exactly the bytes and the envelope, dot lines intact")
    func deliversExactBytesAndEnvelope() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)

        let mail = try #require(try await server.waitForMessages(count: 1).first)
        #expect(mail.data == SMTPFixtures.replyCRLF)
        #expect(mail.mailFrom == "sales@leadmail.example")
        #expect(mail.rcptTos == ["anna.berg@gmail.com"])
        #expect(receipt.serverReply.hasPrefix("250 "))
        #expect(receipt.serverReply.contains("queued as 000001"))
    }

    @Test("bare LF messages arrive with CRLF line endings and otherwise unchanged")
    func convertsBareLineFeeds() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))

        _ = try await transport.send(
            SMTPFixtures.outlookLF,
            envelope: Envelope(sender: "j.mueller@contoso.example", recipients: ["sales@leadmail.example"])
        )

        let mail = try #require(try await server.waitForMessages(count: 1).first)
        #expect(mail.data == SMTPFixtures.withCRLF(SMTPFixtures.outlookLF))
        #expect(
            mail.header("Received") == "from AM0PR07MB6177.eurprd07.prod.outlook.com ([fe80::5d2c:8b1:e3a:c9b2])"
                + " by AM0PR07MB6177.eurprd07.prod.outlook.com; Mon, 23 Nov 2026 17:02:11 +0000")
    }

    @Test("every envelope recipient gets a RCPT TO, whatever the headers say (Bcc)")
    func allEnvelopeRecipients() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let recipients = ["anna.berg@gmail.com", "<crm-archive@leadmail.example>", "boss@leadmail.example"]

        _ = try await transport.send(
            SMTPFixtures.replyCRLF, envelope: Envelope(sender: "<sales@leadmail.example>", recipients: recipients)
        )

        let mail = try #require(try await server.waitForMessages(count: 1).first)
        #expect(mail.rcptTos == ["anna.berg@gmail.com", "crm-archive@leadmail.example", "boss@leadmail.example"])
        #expect(mail.mailFrom == "sales@leadmail.example")
        #expect(mail.header("To") == "Anna Berg <anna.berg@gmail.com>")
    }

    @Test("two messages on one transport both arrive over one reused connection")
    func reusesTheConnection() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["chen.wei@fastmail.example"])

        _ = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        _ = try await transport.send(SMTPFixtures.thunderbirdShort, envelope: envelope)

        let mails = try await server.waitForMessages(count: 2)
        #expect(mails.map(\.data) == [SMTPFixtures.replyCRLF, SMTPFixtures.thunderbirdShort])
        let ports = mails.compactMap(\.peerPort)
        #expect(ports.count == 2)
        #expect(Set(ports).count == 1)
    }

    @Test("a null sender (bounce) is sent as MAIL FROM:<>")
    func nullSender() async throws {
        let server = try await SMTPTestServer.start()
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url))

        _ = try await transport.send(
            SMTPFixtures.thunderbirdShort, envelope: Envelope(sender: "", recipients: ["sales@leadmail.example"])
        )

        let mail = try #require(try await server.waitForMessages(count: 1).first)
        #expect(mail.mailFrom == "")
    }

    @Test("the relay's login is used when the URL carries credentials")
    func authenticatesWithURLCredentials() async throws {
        let server = try await SMTPTestServer.start(login: (username: "sales@leadmail.example", password: "p@ss:w/rd"))
        let url = server.url.replacingOccurrences(of: "//", with: "//sales%40leadmail.example:p%40ss%3Aw%2Frd@")
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: url))

        _ = try await transport.send(
            SMTPFixtures.thunderbirdShort,
            envelope: Envelope(sender: "sales@leadmail.example", recipients: ["chen.wei@fastmail.example"])
        )

        #expect(try await server.waitForMessages(count: 1).count == 1)
    }
}
