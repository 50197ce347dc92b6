import Foundation
import Intake
import Maildir
import TestSupport
import Testing

/// What an enquirer writes reaches our reply's headers (their name in To:, their subject, their Message-ID in
/// In-Reply-To/References). Whatever it holds (CR/LF, NUL, huge values, encoded or raw), the reply must carry
/// no extra header, no extra recipient, no NUL and no line over 998 octets, and go to the enquirer only.
@Suite("Header injection: hostile enquirer values never add a header or a recipient", .serialized)
struct HeaderInjectionTests {
    struct Attack: Sendable, CustomTestStringConvertible {
        var name: String
        var headers: [String]
        var testDescription: String { name }
    }

    static let long = String(repeating: "Wolfeschlegelsteinhausenbergerdorff ", count: 300)
    static let attacks: [Attack] = [
        Attack(
            name: "CRLF in the encoded display name",
            headers: [
                "From: =?UTF-8?Q?Eve=0D=0ABcc:_victim@evil.example=0D=0AX-Injected:_1?= <eve@customer.example>",
                "Subject: Price for 40 sensors",
            ]),
        Attack(
            name: "bare LF and NUL in the encoded subject",
            headers: [
                "From: Eve Example <eve@customer.example>",
                "Subject: =?UTF-8?B?\(Data("Quote\nBcc: victim@evil.example\0X-Injected: 1".utf8).base64EncodedString())?=",
            ]),
        Attack(
            name: "CR in a raw display name and subject",
            headers: [
                "From: \"Eve\rBcc: victim@evil.example\" <eve@customer.example>",
                "Subject: Quote\rX-Injected: 1",
            ]),
        Attack(
            name: "a 10 KB name and subject",
            headers: [
                "From: \"\(long)\" <eve@customer.example>", "Subject: \(long)",
            ]),
        Attack(
            name: "hostile Message-ID and References",
            headers: [
                "From: Eve Example <eve@customer.example>", "Subject: Price for 40 sensors",
                "Message-ID: <a@b>\u{0B}X-Injected: 1",
                "References: <x@y> =?UTF-8?Q?=0D=0AX-Injected:_1?= <\(String(repeating: "r", count: 3000))@z>",
            ]),
        Attack(
            name: "an address with an encoded line break",
            headers: [
                "From: =?UTF-8?Q?eve@customer.example=0D=0ABcc:victim@evil.example?= <eve@customer.example>",
                "Subject: Quote please",
            ]),
    ]

    @Test("the reply goes to the enquirer alone, with no injected header", arguments: attacks)
    func noInjection(attack: Attack) async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        var headers = attack.headers + ["To: sales@acme.example", "Date: Mon, 23 Nov 2026 09:00:00 +0000"]
        if !headers.contains(where: { $0.hasPrefix("Message-ID:") }) { headers.append("Message-ID: <inj@customer>") }
        let body = "Hello, please send me a quote for 40 cold-room sensors.\n\nEve\n"
        try harness.inbox.deliver(Array((headers.joined(separator: "\n") + "\n\n" + body).utf8))
        let (intake, report) = try await harness.service().runOnce()
        #expect(intake.created == 1, "the enquiry still becomes a lead")
        #expect(report.sent >= 1)

        for mail in try server.received() where mail.rcptTos != ["eve@customer.example"] {
            // Only a notice to our own staff may go elsewhere; never a hostile address.
            #expect(mail.rcptTos.allSatisfy { $0.hasSuffix("@acme.example") }, "\(mail.rcptTos)")
        }
        let reply = try #require(try server.received().first { $0.rcptTos == ["eve@customer.example"] })
        #expect(!reply.data.contains(0), "no NUL byte")
        let text = String(decoding: reply.data, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let lines = head.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 }, "a header line is over 998 octets")
        #expect(
            !lines.contains {
                $0.range(of: #"^(bcc|x-injected|cc)\s*:"#, options: [.regularExpression, .caseInsensitive]) != nil
            })
        #expect(!text.lowercased().contains("\nbcc:"))
        #expect(!head.contains("\r\r") && !head.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(!head.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare LF in the header")
    }
}
