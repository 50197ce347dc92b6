import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// A huge text or HTML body costs intake a bounded prefix, not its whole length: the enquiry is read from, and
/// the store keeps, at most `ParseLimits.intake.maxTextLength` bytes; the message stays whole in cur/.
@Suite("Bounded cost per message", .serialized)
struct BoundedCostTests {
    static func message(subject: String, contentType: String, body: String) -> [UInt8] {
        Array(
            """
            From: Olu Adeyemi <olu@bigplant.example>\r
            To: sales@acme.example\r
            Subject: \(subject)\r
            Date: Thu, 26 Nov 2026 09:00:00 +0000\r
            Message-ID: <\(subject.hashValue)@bigplant.example>\r
            MIME-Version: 1.0\r
            Content-Type: \(contentType); charset=utf-8\r
            \r

            """.utf8) + Array(body.utf8)
    }

    /// Some 8 MB of enquiry-like lines (with non-ASCII, so that a cut inside a character would show).
    static let hugeText = String(
        repeating: "We need Füllstandsensoren for silo \(42), delivered to Lagos.\n", count: 130_000)

    @Test("an 8 MB text body and a 4 MB HTML body: a prefix is read and stored, the file is kept whole")
    func hugeBodies() async throws {
        let harness = try IntakeHarness()
        let text = Self.message(subject: "Huge text", contentType: "text/plain", body: "Hello,\n\n" + Self.hugeText)
        let html = Self.message(
            subject: "Huge html", contentType: "text/html",
            body: "<html><body><p>Hello,</p>"
                + String(
                    repeating: "<p>Level probes for 6 m tanks, 40 pieces.</p>\n",
                    count: 90_000) + "</body></html>")
        try harness.inbox.deliver(text)
        try harness.inbox.deliver(html)
        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 1 && intake.attached == 1)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let limit = try #require(ParseLimits.intake.maxTextLength)
        for lead in try store.leads(LeadQuery()) {
            for entry in try store.communications(leadID: lead.id) {
                #expect(entry.text.utf8.count <= limit, "\(entry.subject ?? ""): \(entry.text.utf8.count) bytes stored")
                #expect(!entry.text.contains("\u{FFFD}"))
            }
        }
        let size = try FileManager.default.attributesOfItem(atPath: harness.configuration.store)[.size] as? Int ?? 0
        #expect(size < 4_000_000, "the store grew to \(size) bytes for a prefix of each message")
        let kept = try harness.inbox.curMessages().map { try harness.inbox.read($0) }
        #expect(Set(kept.map(\.count)) == [text.count, html.count])
    }

    @Test("the intake limits cut text at a line's end and leave short messages alone")
    func parserPrefix() throws {
        let parser = MessageParser(limits: .intake)
        let limit = try #require(ParseLimits.intake.maxTextLength)
        let big = try parser.parse(Self.message(subject: "x", contentType: "text/plain", body: Self.hugeText))
        let text = try #require(big.text)
        #expect(text.utf8.count <= limit && text.utf8.count > limit - 100)
        #expect(text.hasSuffix("Lagos.\n"))
        let small = try parser.parse(Self.message(subject: "y", contentType: "text/plain", body: "Hi,\nquote?\n"))
        #expect(small.text == "Hi,\nquote?\n")
        #expect(
            try MessageParser().parse(Self.message(subject: "x", contentType: "text/plain", body: Self.hugeText))
                .text?.utf8.count == Self.hugeText.utf8.count)
    }
}
