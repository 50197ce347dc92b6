import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// Forwards, repeat enquiries, subject tokens and contact matching, through the whole pipeline on a real store
/// and maildir (replies go to the outbox maildir: the file transport).
@Suite("Who wrote: forwards, repeats, subject tokens and contact matching")
struct WhoWroteTests {
    static func mail(_ headers: [String], body: String) -> [UInt8] {
        Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
    }

    static func enquiry(from: String, id: String, subject: String = "Level sensors", date: String, body: String)
        -> [UInt8]
    {
        mail(
            [
                "From: \(from)", "To: sales@acme.example", "Subject: \(subject)", "Date: \(date)",
                "Message-ID: <\(id)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            ], body: body)
    }

    func outboxRecipients(_ harness: IntakeHarness) throws -> [[String]] {
        let outbox = Maildir(path: harness.configuration.outbox)
        return try outbox.newMessages().map { item in
            try MessageParser().parse(try outbox.read(item)).headers.all("Delivered-To")
        }
    }

    @Test("a colleague forwarding two attached customer mails makes two leads they own; only they hear back")
    func attachedForwards() async throws {
        let harness = try IntakeHarness()
        let boundary = "fwd-boundary-42"
        let first = String(
            decoding: Self.enquiry(
                from: "Tom Becker <t.becker@stadtwerke.example>", id: "a1@stadtwerke.example",
                date: "Mon, 16 Nov 2026 09:00:00 +0100", body: "We need 20 flow sensors for our plant.\n\nTom Becker\n"),
            as: UTF8.self)
        let second = String(
            decoding: Self.enquiry(
                from: "Ana Ruiz <ana@ruiz-agro.example>", id: "b1@ruiz-agro.example", subject: "Humidity loggers",
                date: "Tue, 17 Nov 2026 11:30:00 +0100", body: "Do you ship humidity loggers to Spain?\n\nAna\n"),
            as: UTF8.self)
        try harness.inbox.deliver(
            Self.mail(
                [
                    "From: Jamie Lloyd <jamie.lloyd@acme.example>", "To: sales@acme.example",
                    "Subject: Fwd: two enquiries from the show", "Date: Wed, 18 Nov 2026 08:00:00 +0000",
                    "Message-ID: <fwd-1@acme.example>", "MIME-Version: 1.0",
                    "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
                ],
                body: """
                    --\(boundary)
                    Content-Type: text/plain; charset=utf-8

                    Both asked me at the stand; Tom wants a call this week.

                    --\(boundary)
                    Content-Type: message/rfc822

                    \(first)
                    --\(boundary)
                    Content-Type: message/rfc822

                    \(second)
                    --\(boundary)--
                    """))

        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 1, "the summary counts the message once")
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let leads = try store.leads(LeadQuery())
        #expect(Set(leads.map(\.email)) == ["t.becker@stadtwerke.example", "ana@ruiz-agro.example"])
        for lead in leads {
            #expect(try store.lifecycle(leadID: lead.id)?.owner == "jamie.lloyd@acme.example", "\(lead.email)")
            let notes = try store.events(leadID: lead.id).filter { $0.kind == .note }
            #expect(notes.map(\.text) == ["Both asked me at the stand; Tom wants a call this week."])
        }
        // Two confirmations to Jamie, nothing to the customers.
        #expect(try outboxRecipients(harness) == [["jamie.lloyd@acme.example"], ["jamie.lloyd@acme.example"]])
    }

    @Test("a contact answered within the repeat window gets no second automatic reply for a new lead")
    func repeatWindow() async throws {
        let harness = try IntakeHarness()
        try harness.inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "j1@brightwater.example",
                date: "Mon, 16 Nov 2026 09:00:00 +0000", body: "Please quote 60 level sensors.\n"))
        _ = try await harness.service().runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        try store.setStatus(leadID: 1, to: .rejected, at: Date())
        try harness.inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "j2@brightwater.example", subject: "New project",
                date: "Wed, 18 Nov 2026 09:00:00 +0000", body: "A new project: 10 flow sensors.\n"))
        let (second, _) = try await harness.service().runOnce()
        #expect(second.created == 1, "the last lead was closed: a new one opens")
        #expect(second.repliesQueued == 0, "but Jane had her automatic reply days ago")
        #expect(try outboxRecipients(harness).count == 1)

        var noWindow = try IntakeHarness()
        noWindow.configuration.intake.repeatReplyWindow = 0
        try noWindow.inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "j1@brightwater.example",
                date: "Mon, 16 Nov 2026 09:00:00 +0000", body: "Please quote 60 level sensors.\n"))
        _ = try await noWindow.service().runOnce()
        try SQLiteLeadStore(path: noWindow.configuration.store).setStatus(leadID: 1, to: .rejected, at: Date())
        try noWindow.inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "j2@brightwater.example", subject: "New project",
                date: "Wed, 18 Nov 2026 09:00:00 +0000", body: "A new project: 10 flow sensors.\n"))
        #expect(try await noWindow.service().runOnce().intake.repliesQueued == 1)
    }

    @Test("a reply with its threading headers stripped finds its lead by the [#L1] token in the subject")
    func subjectToken() async throws {
        let harness = try IntakeHarness()
        try harness.inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "j1@brightwater.example",
                date: "Mon, 16 Nov 2026 09:00:00 +0000", body: "Please quote 60 level sensors.\n"))
        _ = try await harness.service().runOnce()
        let outbox = Maildir(path: harness.configuration.outbox)
        let reply = try MessageParser().parse(try outbox.read(try #require(try outbox.newMessages().first)))
        let subject = try #require(reply.subject)
        #expect(subject.hasSuffix("[#L1]"))
        // Her colleague answers from another address, through a web mailer that drops In-Reply-To/References.
        try harness.inbox.deliver(
            Self.enquiry(
                from: "Sam Patel <sam@brightwater.example>", id: "s1@brightwater.example", subject: "RE: \(subject)",
                date: "Tue, 17 Nov 2026 10:00:00 +0000", body: "Jane is away; please send the quote to me.\n"))
        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.attached == 1)
        #expect(intake.created == 0)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        #expect(try store.communications(leadID: 1).contains { $0.messageID == "s1@brightwater.example" })
    }

    @Test("the same person by plus-tag or by phone number is one contact with one open lead")
    func contactMatching() async throws {
        let harness = try IntakeHarness()
        let letters: [(String, String, String)] = [
            (
                "Jane Okafor <jane.okafor@gmail.example>", "m1@x.example",
                "Sensors please.\n\nJane\nTel: 0161 496 0753\n"
            ),
            ("Jane Okafor <jane.okafor+rfq@gmail.example>", "m2@x.example", "Also brackets.\n"),
            ("J. Okafor <jo@brightwater.example>", "m3@x.example", "And cables.\n\nJane\nTel: +44 161 496 0753\n"),
        ]
        for (index, (from, id, body)) in letters.enumerated() {
            try harness.inbox.deliver(
                Self.enquiry(
                    from: from, id: id, subject: "Part \(index)", date: "Mon, 16 Nov 2026 0\(index):00:00 +0000",
                    body: body))
        }
        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 1)
        #expect(intake.attached == 2, "the plus-tag and the same phone in E.164 are the same contact")
        #expect(intake.repliesQueued == 1)
    }

    @Test("Outlook's forward naming the writer without an address: their signature's address is the lead's")
    func unaddressedForward() async throws {
        let harness = try IntakeHarness()
        func forward(id: String, signature: String) -> [UInt8] {
            Self.mail(
                [
                    "From: Jamie Lloyd <jamie.lloyd@acme.example>", "To: sales@acme.example",
                    "Subject: FW: Radar sensors for the new silo", "Date: Wed, 18 Nov 2026 08:00:00 +0000",
                    "Message-ID: <\(id)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                ],
                body: """
                    Met her at the show, please quote.

                    -----Original Message-----
                    From: Priya Shah
                    Sent: Tuesday, November 17, 2026 4:12 PM
                    To: Jamie Lloyd
                    Subject: Radar sensors for the new silo

                    Hi Jamie,

                    As discussed, we need 12 radar level sensors for the new silo. Please send a quote.

                    Regards
                    \(signature)
                    """)
        }
        try harness.inbox.deliver(
            forward(
                id: "fw-1@acme.example", signature: "Priya Shah\nBolton Hydraulics\npriya.shah@boltonhydraulics.example"
            ))
        try harness.inbox.deliver(forward(id: "fw-2@acme.example", signature: "Priya\nBolton Hydraulics"))

        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 1)
        #expect(intake.ignored == 1, "the forward with no address of the writer makes no lead of the colleague")
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let leads = try store.leads(LeadQuery())
        #expect(leads.map(\.email) == ["priya.shah@boltonhydraulics.example"])
        #expect(leads.first?.name == "Priya Shah")
        #expect(
            try outboxRecipients(harness) == [["jamie.lloyd@acme.example"]],
            "the colleague's confirmation only: the customer is already in touch with them")
    }
}
