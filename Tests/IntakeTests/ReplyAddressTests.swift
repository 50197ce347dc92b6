import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// Where a reply may go: only to the address the enquiry gave (the form's Email field, or Reply-To and From),
/// never to the form sender, an address in a signature, a mangled quoted address or one cut at a NUL. Every
/// message goes through the real intake (maildir, SQLite store) and its reply to the outbox maildir.
@Suite("Replies go only where the enquiry said", .serialized)
struct ReplyAddressTests {
    /// Runs intake over the messages and returns the leads, the replies written and the intake summary.
    static func intake(_ messages: [String]) async throws
        -> (leads: [Lead], replies: [Message], raw: [[UInt8]], summary: IntakeSummary, store: SQLiteLeadStore)
    {
        let harness = try IntakeHarness()
        for message in messages {
            try harness.inbox.deliver(Array(message.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        }
        let (summary, _) = try await harness.service().runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let outbox = Maildir(path: harness.configuration.outbox)
        try outbox.create()
        let raw = try outbox.newMessages().map { try outbox.read($0) }
        let replies = try raw.map { try MessageParser().parse($0) }
        return (try store.leads(LeadQuery()), replies, raw, summary, store)
    }

    static func form(email: String, name: String, id: String) -> String {
        """
        From: Acme Website <forms@acme.example>
        To: sales@acme.example
        Subject: New contact form submission
        Date: Wed, 25 Nov 2026 10:0\(id.count % 10):00 +0000
        Message-ID: <form-\(id)@acme.example>

        Name: \(name)
        Email: \(email)
        Company: Northwind Packaging
        Message: Please call me about level sensors for our silos.
        """
    }

    @Test(
        "a form whose Email field is not one mailbox gets no reply and never the form sender's address",
        arguments: [
            "anna@one.example, bob@two.example", "mailto:anna@one.example?bcc=victim@three.example",
            "anna@one.example>", "anna@one.example bob@two.example",
        ])
    func badFormAddress(_ written: String) async throws {
        let result = try await Self.intake([
            Self.form(email: written, name: "Anna Berg", id: "1"),
            Self.form(email: written, name: "Carl Dahl", id: "22"),
        ])
        #expect(result.leads.isEmpty, "\(result.leads.map(\.email))")
        #expect(result.replies.isEmpty)
        #expect(result.summary.ignored == 2)
        #expect(!result.leads.contains { $0.email.contains("forms@") })
    }

    @Test("a good form still answers the address in its Email field")
    func goodForm() async throws {
        let result = try await Self.intake([Self.form(email: "anna@one.example", name: "Anna Berg", id: "1")])
        #expect(result.leads.map(\.email) == ["anna@one.example"])
        #expect(result.replies.flatMap(\.to).map(\.address) == ["anna@one.example"])
    }

    @Test("in ordinary mail an Email: line of the signature is not where the reply goes")
    func signatureAddress() async throws {
        let result = try await Self.intake([
            """
            From: Tom Reyes <tom.reyes@client.example>
            To: sales@acme.example
            Subject: Pressure sensors for a brewery
            Date: Wed, 25 Nov 2026 11:00:00 +0000
            Message-ID: <tom-1@client.example>

            Hello, we need twelve pressure sensors for our fermentation tanks. Can you quote?

            Best regards,
            Tom Reyes
            Phone: +44 161 496 0000
            Email: someone@else.example
            """
        ])
        #expect(result.leads.map(\.email) == ["tom.reyes@client.example"])
        #expect(result.replies.flatMap(\.to).map(\.address) == ["tom.reyes@client.example"])
    }

    @Test("a quoted local part is an address; an unusable Reply-To falls back to From")
    func quotedAndEncoded() async throws {
        let result = try await Self.intake([
            """
            From: John <"john smith"@client.example>
            To: sales@acme.example
            Subject: Flow meters
            Date: Wed, 25 Nov 2026 12:00:00 +0000
            Message-ID: <john-1@client.example>

            Could you send prices for DN50 flow meters?
            """,
            """
            From: "j.smith"@client.example
            To: sales@acme.example
            Subject: Level probes
            Date: Wed, 25 Nov 2026 12:05:00 +0000
            Message-ID: <jsmith-1@client.example>

            Do you have level probes for 6 m tanks?
            """,
            """
            From: Maria Lopez <maria.lopez@client.example>
            Reply-To: Maria <=?utf-8?q?maria=40client=2Eexample?=>
            To: sales@acme.example
            Subject: Temperature sensors
            Date: Wed, 25 Nov 2026 12:10:00 +0000
            Message-ID: <maria-1@client.example>

            We are looking for PT100 sensors, 40 pieces.
            """,
        ])
        #expect(
            Set(result.leads.map(\.email))
                == ["\"john smith\"@client.example", "j.smith@client.example", "maria.lopez@client.example"])
        let recipients = result.replies.flatMap(\.to).map(\.address)
        #expect(
            Set(recipients)
                == ["\"john smith\"@client.example", "j.smith@client.example", "maria.lopez@client.example"])
    }

    @Test("a NUL in an address neither cuts it into one contact nor reaches the store")
    func nulBytes() async throws {
        let messages =
            ["one", "two", "three"].map { domain in
                """
                From: Sam <sam\u{0}@\(domain).example>
                To: sales@acme.example
                Subject: Quote\u{0} please
                Date: Wed, 25 Nov 2026 13:00:00 +0000
                Message-ID: <sam-\(domain)@\(domain).example>

                Hello, a quote for 5 sensors please.
                """
            } + [
                """
                From: Ruth Obi <ruth@four.example>
                To: sales@acme.example
                Subject: Quote\u{0} for pumps
                Date: Wed, 25 Nov 2026 13:05:00 +0000
                Message-ID: <ruth-1@four.example>

                Hello,\u{0} a quote for 3 pumps please.
                """
            ]
        let result = try await Self.intake(messages)
        #expect(result.leads.map(\.email) == ["ruth@four.example"])
        #expect(!result.leads.contains { $0.email.contains("\u{0}") || $0.email == "sam" })
        for lead in result.leads {
            for entry in try result.store.communications(leadID: lead.id) {
                #expect(!(entry.subject ?? "").contains("\u{0}"))
                #expect(!entry.text.contains("\u{0}"))
            }
        }
        #expect(result.replies.count == 1)
    }

    @Test("a 1,000-character word in the subject or a 10,000-character name makes no line over 998 bytes")
    func longHeaderLines() async throws {
        let word = String(repeating: "x", count: 1_000)
        let name = String(repeating: "Bartholomew", count: 910)
        let result = try await Self.intake([
            """
            From: \(name) <bart@client.example>
            To: sales@acme.example
            Subject: Re: \(word) sensors
            Date: Wed, 25 Nov 2026 14:00:00 +0000
            Message-ID: <\(String(repeating: "i", count: 2_000))@client.example>

            Hello, we need a quote for 20 humidity sensors.
            """
        ])
        #expect(result.replies.count == 1)
        for reply in result.raw {
            let lines = String(decoding: reply, as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 998 }, "\(lines.map(\.utf8.count).max() ?? 0) bytes")
        }
        let rendered = OutgoingMessage(
            from: MailAddress(name: "Acme Sales", address: "sales@acme.example"),
            to: [MailAddress(name: name, address: "bart@client.example")],
            subject: "Your enquiry: " + word + " " + word, text: "Thank you.",
            inReplyTo: String(repeating: "i", count: 2_000) + "@client.example",
            references: [String(repeating: "r", count: 5_000) + "@client.example", "ok@client.example"]
        ).rendered()
        let lines = String(decoding: rendered, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 }, "\(lines.map(\.utf8.count).max() ?? 0) bytes")
        let reread = try MessageParser().parse(rendered)
        #expect(reread.subject == "Your enquiry: " + word + " " + word)
        #expect(reread.to.first?.name == name)
    }
}

/// An internationalised domain reaches a relay without SMTPUTF8 (aiosmtpd's default) in its `xn--` form.
@Suite("Replies to internationalised domains", .serialized)
struct InternationalDomainTests {
    @Test("a reply to anna@bücher.example is sent to anna@xn--bcher-kva.example and received")
    func punycodeRecipient() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.inbox.deliver(
            Array(
                """
                From: Anna Kühn <anna@bücher.example>\r
                To: sales@acme.example\r
                Subject: Quote for pressure sensors\r
                Date: Thu, 26 Nov 2026 08:00:00 +0000\r
                Message-ID: <anna-1@xn--bcher-kva.example>\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Hello, please send us a quote for 30 pressure sensors.\r

                """.utf8))
        let (intake, delivery) = try await harness.service().runOnce()
        #expect(intake.created == 1)
        #expect(delivery.sent == 1 && delivery.failed == 0 && delivery.retrying == 0, "\(delivery)")
        let received = try server.received()
        #expect(received.map(\.rcptTos) == [["anna@xn--bcher-kva.example"]])
        let reply = try MessageParser().parse(try #require(received.first).data)
        #expect(reply.to.map(\.address) == ["anna@xn--bcher-kva.example"])
    }

    @Test("Punycode of RFC 3492's samples and of everyday domains")
    func punycode() {
        let cases = [
            ("bücher.example", "xn--bcher-kva.example"), ("münchen.de", "xn--mnchen-3ya.de"),
            ("例え.jp", "xn--r8jz45g.jp"), ("ascii.example", "ascii.example"),
            ("Bücher.Example", "xn--bcher-kva.Example"),
        ]
        for (domain, ascii) in cases {
            let recipient = OutgoingMessage(
                from: MailAddress(address: "sales@acme.example"), to: [MailAddress(address: "a@" + domain)],
                subject: "x", text: "x"
            ).envelopeRecipients
            #expect(recipient == ["a@" + ascii], "\(domain)")
        }
    }
}
