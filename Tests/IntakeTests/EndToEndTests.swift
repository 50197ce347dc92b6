import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// The whole path with every real part: sample messages in a maildir on disk, the SQLite store, the shipped
/// templates, and a real SMTP server (aiosmtpd) on 127.0.0.1 receiving the replies through libcurl.
@Suite("End to end: maildir → lead → reply over SMTP → communications log", .serialized)
struct EndToEndTests {
    @Test("every sample gets the outcome, the reply and the log entry it should, and a second run sends nothing")
    func samples() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        let expected = try SampleExpectation.all()
        try harness.deliverSamples()

        let (intake, delivery) = try await harness.service().runOnce()

        func count(_ outcome: String) -> Int { expected.filter { $0.outcome == outcome }.count }
        #expect(intake.created == count("lead"))
        #expect(intake.attached == count("attached"))
        #expect(intake.duplicates == count("duplicate"))
        #expect(intake.ignored == count("ignored"))
        #expect(intake.quarantined == count("quarantined"))
        #expect(intake.deferred == 0)
        let replies = expected.filter(\.reply)
        #expect(intake.repliesQueued == replies.count + 1, "the replies and one colleague's confirmation")
        #expect(delivery.sent == replies.count + 1)

        let everything = try server.received()
        // The colleague who typed up a trade-counter enquiry gets a confirmation; the customer gets nothing.
        let confirmations = everything.filter { $0.rcptTos == ["jamie.lloyd@acme.example"] }
        #expect(confirmations.count == 1)
        let confirmation = try confirmations.first.map { try MessageParser().parse($0.data) }
        #expect(confirmation?.headers["X-LeadMail-Template"]?.hasSuffix("forwarded-lead") == true)
        #expect(confirmation?.text?.contains("priya.shah@boltonhydraulics.example") == true)
        let received = everything.filter { $0.rcptTos != ["jamie.lloyd@acme.example"] }
        #expect(received.count == replies.count)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let parser = MessageParser()
        for sample in replies {
            let email = try #require(sample.email)
            let mails = received.filter { $0.rcptTos == [email] }
            try #require(mails.count == 1, "\(sample.file): one reply to \(email), got \(mails.count)")
            let mail = mails[0]
            let original = try parser.parse(try harness.sampleBytes(sample.file))
            let reply = try parser.parse(mail.data)
            // RFC 3834 §4: an automatic response has the null sender, so its bounces never come back to the inbox;
            // people answer the From: address.
            #expect(mail.mailFrom == "", "\(sample.file): MAIL FROM:<>")
            #expect(reply.from.first?.address == "sales@acme.example")
            #expect(reply.headers["X-LeadMail-Template"] == sample.source, "\(sample.file): template by source")
            #expect(reply.inReplyTo == [try #require(original.messageID)], "\(sample.file): threaded to the enquiry")
            #expect(reply.references.last == original.messageID)
            #expect(reply.headers["Auto-Submitted"] == "auto-replied")

            let lead = try #require(try store.leads(LeadQuery()).first { $0.email == email })
            #expect(lead.source == sample.source, "\(sample.file)")
            #expect(lead.campaign == sample.campaign, "\(sample.file)")
            let log = try store.communications(leadID: lead.id)
            #expect(log.first?.direction == .inbound)
            #expect(log.first?.messageID == original.messageID)
            let outbound = try #require(log.first { $0.direction == .outbound && $0.kind == .reply })
            #expect(outbound.messageID == reply.messageID)
            #expect(outbound.status == .sent)
            #expect(outbound.detail?.hasPrefix("250") == true, "the relay's answer is logged: \(outbound.detail ?? "")")
        }
        let answered = Set(replies.compactMap(\.email))
        for sample in expected where !sample.reply {
            if let email = sample.email, !answered.contains(email) {
                #expect(
                    !received.contains { $0.rcptTos.contains(email) },
                    "\(sample.file) (\(sample.outcome)) must get no reply")
            }
        }

        // Nothing left in new/; everything read is in cur/ or, byte for byte, in quarantine.
        #expect(try harness.inbox.newMessages().isEmpty)
        #expect(try harness.inbox.curMessages().count == expected.count - count("quarantined"))
        for sample in expected where sample.outcome == "quarantined" {
            let kept = try #require(try harness.quarantine.newMessages().first { $0.name == sample.file })
            #expect(try harness.quarantine.read(kept) == harness.sampleBytes(sample.file))
            let reason = try String(
                contentsOfFile: harness.configuration.quarantine + "/reasons/\(sample.file).txt", encoding: .utf8)
            #expect(!reason.isEmpty)
        }

        // The same messages again (a re-run of the MTA's delivery, or of ingest): nothing new, nothing sent.
        try harness.deliverSamples()
        let (again, secondDelivery) = try await harness.service().runOnce()
        #expect(again.created == 0)
        #expect(again.attached == 0)
        #expect(again.repliesQueued == 0)
        #expect(secondDelivery.sent == 0)
        #expect(try server.received().count == everything.count)
    }

    @Test("the extracted contact matches the labelled samples")
    func extraction() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        _ = try await harness.service().runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let leads = try store.leads(LeadQuery())
        for sample in try SampleExpectation.all() where sample.outcome == "lead" {
            let lead = try #require(
                leads.first { $0.email == sample.email }, "\(sample.file): a lead for \(sample.email ?? "")")
            #expect(lead.name == sample.name, "\(sample.file): name")
            if sample.source == "web-form" {
                #expect(lead.phone == sample.phone, "\(sample.file): phone from the form")
                #expect(lead.company == sample.company, "\(sample.file): company from the form")
            }
        }
    }

    @Test("without a relay, replies are written to the outbox maildir")
    func fileTransport() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        let (intake, delivery) = try await harness.service().runOnce()
        let outbox = Maildir(path: harness.configuration.outbox)
        let written = try outbox.newMessages()
        #expect(written.count == intake.repliesQueued)
        #expect(delivery.sent == written.count)
        let first = try MessageParser().parse(try outbox.read(try #require(written.first)))
        #expect(first.headers["Delivered-To"] != nil)
        #expect(first.from.first?.address == "sales@acme.example")
    }
}
