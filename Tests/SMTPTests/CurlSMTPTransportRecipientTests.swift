import Foundation
import SMTP
import TestSupport
import Testing

/// Per-recipient results: a relay that refuses one RCPT still gets the message for the others
/// (CURLOPT_MAIL_RCPT_ALLLOWFAILS), and the receipt names the refused one with the relay's reply.
@Suite("Per-recipient results against a real relay")
struct CurlSMTPTransportRecipientTests {
    @Test("one refused recipient of two does not fail the other; the receipt carries the refusal")
    func oneOfTwoRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try server.setRules([
            .reject(
                recipient: "gone@contoso.example", code: 550,
                message: "5.1.1 <gone@contoso.example>: Recipient address rejected")
        ])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url, timeout: .seconds(20)))
        let envelope = Envelope(
            sender: "sales@leadmail.example", recipients: ["gone@contoso.example", "anna.berg@gmail.com"])

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        #expect(receipt.serverReply.hasPrefix("250"))
        #expect(
            receipt.refusedRecipients == [
                RefusedRecipient(
                    address: "gone@contoso.example",
                    serverReply: "550 5.1.1 <gone@contoso.example>: Recipient address rejected")
            ])
        #expect(receipt.summary.contains("refused: gone@contoso.example: 550"))
        let received = try server.received()
        #expect(received.map(\.rcptTos) == [["anna.berg@gmail.com"]])

        let clean = try await transport.send(
            SMTPFixtures.replyCRLF,
            envelope: Envelope(
                sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"]))
        #expect(clean.refusedRecipients.isEmpty, "a later message on the same connection starts clean")
    }

    @Test("when every recipient is refused the send fails permanently with the relay's reply")
    func allRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try server.setRules([.reject(recipient: nil, code: 550, message: "5.1.1 no such user")])
        let transport = CurlSMTPTransport(relay: try SMTPRelay(url: server.url, timeout: .seconds(20)))
        let envelope = Envelope(
            sender: "sales@leadmail.example", recipients: ["a@contoso.example", "b@contoso.example"])

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        }
        #expect(error?.kind == .permanent)
        #expect(error?.responseCode == 550)
        #expect(try server.received().isEmpty)
    }
}
