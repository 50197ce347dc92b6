import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// Issue 21, part 1, end to end: a real reply goes to a real relay, the recipient's mail system returns it (a
/// Postfix DSN with the reply's headers, an Exim plain-text bounce with the reply quoted, a delay warning), and
/// LeadMail records each as a notice on the reply's lead, answers none, and marks a bounced address
/// undeliverable on the lead and in the outbox, so that the next mail to it waits for a person's confirmation.
@Suite("Bounces of our replies become notices on their leads; the address is marked undeliverable", .serialized)
struct BounceNoticeTests {
    static func enquiry(from sender: String, name: String, id: String) -> [UInt8] {
        Array(
            """
            From: \(name) <\(sender)>
            To: sales@acme.example
            Subject: Argon for a new welding bay
            Date: \(ReplyAgeTests.rfc5322(Date().addingTimeInterval(-300)))
            Message-ID: <\(id)@customer.example>

            Hello, we are opening a welding bay and need argon and a mixed gas. Can you quote monthly delivery?

            \(name)
            """.utf8)
    }

    /// The value of a header of the reply the relay received.
    static func header(_ name: String, of mail: ReceivedMail) -> String {
        let text = String(decoding: mail.data, as: UTF8.self)
        let line = text.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") } ?? ""
        return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
    }

    /// A Postfix DSN for `reply`, with its headers returned as text/rfc822-headers.
    static func postfixBounce(of reply: ReceivedMail, recipient: String) -> [UInt8] {
        let headers = String(decoding: reply.data, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        return Array(
            """
            Return-Path: <>
            Date: \(ReplyAgeTests.rfc5322(Date()))
            From: MAILER-DAEMON@mx.cardiff-metals.example (Mail Delivery System)
            Subject: Undelivered Mail Returned to Sender
            To: sales@acme.example
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"
            Message-Id: <20261202093002.4Qz2Lm0xYz@mx.cardiff-metals.example>

            --B1
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mx.cardiff-metals.example.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            <\(recipient)>: user unknown

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.cardiff-metals.example

            Final-Recipient: rfc822; \(recipient)
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: X-Postfix; user unknown

            --B1
            Content-Type: text/rfc822-headers

            \(headers.replacingOccurrences(of: "\r\n", with: "\n"))

            --B1--
            """.utf8)
    }

    /// An Exim bounce as a cPanel host sends it: plain text, a sender that is no daemon, the reply quoted.
    static func eximBounce(of reply: ReceivedMail, recipient: String) -> [UInt8] {
        let copy = String(decoding: reply.data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return Array(
            """
            Return-Path: <bounce-handler@mail.hostco.example>
            From: Mail Delivery System <support@hostco.example>
            To: sales@acme.example
            Subject: Mail delivery failed: returning message to sender
            Date: \(ReplyAgeTests.rfc5322(Date()))
            Message-Id: <E1t3fQk-0007Aa-0L@vps4120.hostco.example>

            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              \(recipient)
                Domain has no MX or A record

            ------ This is a copy of the message, including all the headers. ------

            \(copy)
            """.utf8)
    }

    static func delayWarning(recipient: String) -> [UInt8] {
        Array(
            """
            From: MAILER-DAEMON@mx.llanelli-works.example (Mail Delivery System)
            To: sales@acme.example
            Subject: Delayed Mail (still being retried)
            Date: \(ReplyAgeTests.rfc5322(Date()))

            This is the mail system at host mx.llanelli-works.example.

            # THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #

            <\(recipient)>: connect to mail.llanelli-works.example: Connection timed out
            """.utf8)
    }

    @Test("a DSN and a plain-text bounce mark their reply bounced and the lead undeliverable; a delay only notes")
    func bouncesBecomeNotices() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        let service = try harness.service()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let people = [
            ("rhian.evans@cardiff-metals.example", "Rhian Evans"), ("info@closed-company.example", "Iolo Morris"),
            ("buyer@llanelli-works.example", "Bethan Rees"),
        ]
        for (index, person) in people.enumerated() {
            try harness.inbox.deliver(Self.enquiry(from: person.0, name: person.1, id: "enquiry-\(index)"))
        }
        _ = try await service.runOnce()
        let replies = try server.received()
        func reply(to address: String) throws -> ReceivedMail {
            try #require(replies.first { $0.rcptTos == [address] })
        }
        try harness.inbox.deliver(Self.postfixBounce(of: reply(to: people[0].0), recipient: people[0].0))
        try harness.inbox.deliver(Self.eximBounce(of: reply(to: people[1].0), recipient: people[1].0))
        try harness.inbox.deliver(Self.delayWarning(recipient: people[2].0))
        let leadsBefore = try store.leads(LeadQuery()).count
        let (intake, delivery) = try await service.runOnce()
        #expect(intake.created == 0, "no bounce is a new lead")
        #expect(delivery.sent == 0, "nothing answers a bounce")
        #expect(try store.leads(LeadQuery()).count == leadsBefore)
        #expect(try server.received().count == replies.count)

        for (address, _) in people.prefix(2) {
            let lead = try #require(try store.leads(LeadQuery()).first { $0.email == address })
            let log = try store.communications(leadID: lead.id)
            let notices = log.filter { $0.kind == .notice }
            #expect(notices.count == 1 && notices.first?.direction == .inbound, "\(address): the bounce is on the lead")
            let sent = try #require(log.first { $0.direction == .outbound && $0.kind == .reply })
            #expect(sent.status == .failed, "\(address): the reply is marked as returned")
            #expect(sent.detail?.contains("returned by") == true, "\(address): \(sent.detail ?? "")")
            let row = try #require(
                try store.outboxEntries(includeSent: true).first { $0.item.mail.recipients == [address] })
            #expect(row.outcome == .bounced)
            #expect(try store.lifecycle(leadID: lead.id)?.tags.contains("undeliverable") == true)
            #expect(try store.events(leadID: lead.id).contains { $0.text.contains("\(address) undeliverable") })
        }
        let rhian = try #require(try store.leads(LeadQuery()).first { $0.email == people[0].0 })
        #expect(try store.events(leadID: rhian.id).contains { $0.text.contains("user unknown") })

        // A delay warning names no mail of ours: it is answered by nobody and marks nothing.
        let bethan = try #require(try store.leads(LeadQuery()).first { $0.email == people[2].0 })
        #expect(try store.lifecycle(leadID: bethan.id)?.tags.contains("undeliverable") == false)
        #expect(
            try store.outboxEntries(includeSent: true).first { $0.item.mail.recipients == [people[2].0] }?
                .item.state == .sent)

        // The next mail to the bounced address is held until a person confirms it.
        let next = try store.recordInbound(
            InboundMessage(
                messageID: "again@customer.example", fingerprint: "again", threadIDs: [], date: Date(),
                from: people[0].0, to: "sales@acme.example", subject: "Argon again", text: "Any news?",
                enquiry: nil, referencedLeadID: rhian.id),
            at: Date()
        ) { _ in
            OutgoingMail(
                messageID: "held.1@acme.example", envelopeFrom: "sales@acme.example", recipients: [people[0].0],
                from: "sales@acme.example", to: people[0].0, subject: "Your quote", text: "Here it is.",
                raw: Array(
                    "From: sales@acme.example\r\nTo: \(people[0].0)\r\nSubject: Your quote\r\n\r\nHere it is.\r\n".utf8)
            )
        }
        let held = try #require(next.queued)
        #expect(try await service.outbox.drain().sent == 0)
        let heldEntry = try #require(try store.outboxEntries(includeSent: true).first { $0.item.id == held.id })
        #expect(heldEntry.outcome == .undeliverable)
        #expect(heldEntry.item.lastError?.contains("is undeliverable") == true)
        #expect(
            try store.requeueOutbox(id: held.id, confirmed: false, at: Date()) == .needsConfirmation(.undeliverable))
        #expect(try store.requeueOutbox(id: held.id, confirmed: true, at: Date()) == .requeued(1))
        #expect(try await service.outbox.drain().sent == 1, "sent once a person confirmed it")
    }
}
