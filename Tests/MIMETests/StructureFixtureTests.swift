import Testing

@testable import MIME

/// MIME trees: nesting, forwarded messages, reports, digests, and the broken structures real mail has.
@Suite struct StructureFixtureTests {
    @Test("RFC 2231 continued and encoded filenames, and RFC 2047 words in a quoted filename")
    func rfc2231Filenames() throws {
        let message = try Fixture.parse("rfc2231-filename")
        #expect(message.text == "Drawings attached.")
        #expect(
            message.attachments.map(\.filename) == [
                "Technische Zeichnung – Größe B.pdf", "Preisübersicht.xlsx", "图片.png",
            ])
        #expect(message.attachments[0].contentType.parameters["name"] == "Technische Zeichnung – Größe B.pdf")
        #expect(message.attachments[0].content == Array("%PDF-1.4\n%%EOF\n".utf8))
        #expect(message.root.parts[3].disposition == "inline")
    }

    @Test("A forwarded message/rfc822 is parsed into embeddedMessage and listed as an attachment")
    func forwardedMessage() throws {
        let message = try Fixture.parse("forward-rfc822")
        #expect(message.text == "Hi Acme, forwarding a lead from Peter (see attached). Tom")
        #expect(message.headers["X-Referral-Partner"] == "Partner Distribution Ltd")
        let part = message.root.parts[1]
        let inner = try #require(part.embeddedMessage)
        #expect(inner.from == [MailAddress(name: "Peter Novak", address: "peter.novak@stavby.example")])
        #expect(inner.subject == "Need 10 level sensors")
        #expect(inner.messageID == "inner-1@stavby.example")
        #expect(inner.size == part.body.count)
        #expect(inner.text == "Hi Tom, can your supplier quote 10 LS-50 level sensors? Peter\n")
        let attachment = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(attachment.contentType.mimeType == "message/rfc822")
        #expect(attachment.filename == nil)
        #expect(String(decoding: attachment.content, as: UTF8.self).hasPrefix("From: Peter Novak <peter.novak@"))
    }

    @Test("mixed > alternative > related: text/plain and the related HTML chosen, image and CSV attached")
    func nestedRelated() throws {
        let message = try Fixture.parse("nested-related")
        #expect(message.text == "Please send your catalogue.\nLogo below.")
        #expect(
            message.html
                == "<p>Please send your catalogue.</p><img src=\"cid:logo@brightline\" alt=\"Brightline\">")
        #expect(message.attachments.map(\.contentType.mimeType) == ["image/gif", "text/csv"])
        #expect(message.attachments[0].content == [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x2C])
        #expect(message.attachments[1].filename == "requirements.csv")
        #expect(message.attachments[1].content == Array("part,qty\nTX-200,4".utf8))
        #expect(message.root.parts[0].parts[1].contentType.parameters["type"] == "text/html")
    }

    @Test("Base64 with missing padding, spaces and junk characters still decodes")
    func brokenBase64() throws {
        let message = try Fixture.parse("base64-broken-padding")
        #expect(message.text == "Order confirmation 4711: 3 units TX-200, ship to Leeds.\n")
        #expect(message.from == [MailAddress(address: "orders@shopflow.example")])
        #expect(message.utcDate == "2026-11-20 12:00:00")
    }

    @Test("A missing closing boundary: the last part runs to the end, with a warning")
    func missingClosingBoundary() throws {
        let message = try Fixture.parse("missing-closing-boundary")
        #expect(message.text == "First part.")
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.filename == "data.bin")
        #expect(message.attachments.first?.content == [0, 1, 2, 3, 4, 5])
        #expect(
            message.warnings == [
                ParseWarning("The closing \"--b1--\" delimiter is missing; the last part runs to the end.")
            ])
    }

    @Test("DSN bounce (multipart/report): human text chosen, status and returned message attached")
    func deliveryStatusNotification() throws {
        let message = try Fixture.parse("dsn-bounce")
        #expect(message.from == [MailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx1.acme.example")])
        #expect(message.headers["Return-Path"] == "<>")
        #expect(message.root.contentType.parameters["report-type"] == "delivery-status")
        #expect(message.text?.hasPrefix("This is the mail system at host mx1.acme.example.\n") == true)
        #expect(message.text?.hasSuffix("<nobody@invalid.example>: host not found\n") == true)
        #expect(message.attachments.map(\.contentType.mimeType) == ["message/delivery-status", "message/rfc822"])
        let returned = try #require(message.root.parts[2].embeddedMessage)
        #expect(returned.messageID == "20261123110000.abc123@acme.example")
        #expect(returned.to == [MailAddress(address: "nobody@invalid.example")])
    }

    @Test("multipart/digest children without Content-Type are message/rfc822")
    func digest() throws {
        let message = try Fixture.parse("digest")
        #expect(message.text == "Today's topics: 1. Calibration 2. Drift")
        let digest = message.root.parts[1]
        #expect(digest.parts.map(\.contentType.mimeType) == ["message/rfc822", "message/rfc822"])
        #expect(digest.parts.compactMap(\.embeddedMessage?.subject) == ["Calibration", "Drift"])
        #expect(digest.parts[1].embeddedMessage?.text == "Drift is 0.1% per year.")
        #expect(message.headers["List-Id"] == "Sensors <sensors.lists.example>")
    }

    @Test("Quoted-printable: lowercase hex, soft breaks with trailing blanks, invalid = kept")
    func quotedPrintableEdgeCases() throws {
        let message = try Fixture.parse("qp-edge-cases")
        #expect(message.text == "Café and naïve, softbreak here, price = 10  =ZZ stays, 100% done.\n")
    }

    @Test("Uppercase Content-Type and encoding, odd Date, ids without brackets and with junk")
    func legacyHeaders() throws {
        let message = try Fixture.parse("broken-date-ids")
        #expect(message.root.contentType.mimeType == "text/plain")
        #expect(message.root.contentType.parameters["charset"] == "US-ASCII")
        #expect(message.text == "Reply from an old client.\n")
        #expect(message.utcDate == "2026-11-05 14:05:00")
        #expect(message.messageID == "legacy.12345@legacy.example")
        #expect(message.inReplyTo == ["prev.1@acme.example"])
        #expect(message.references == ["a.1@x.example", "b.2@y.example", "c.3@z.example"])
    }

    @Test("Address lists: comments, groups, escaped quotes, missing brackets, unparseable pieces skipped")
    func addressEdgeCases() throws {
        let message = try Fixture.parse("address-edge-cases")
        #expect(message.from == [MailAddress(name: "Bob the Builder", address: "bob@builder.example")])
        #expect(message.to.isEmpty)
        #expect(
            message.cc == [
                MailAddress(address: "alice@acme.example"),
                MailAddress(name: "Carl \"CJ\" Jones", address: "cj@acme.example"),
                MailAddress(name: "Dana Scully", address: "dana@fbi.example"),
                MailAddress(address: "plain@angle.example"),
                MailAddress(name: "Müller, Hans", address: "hans@mueller.example"),
            ])
        #expect(message.replyTo == [MailAddress(name: "Smith, Anna", address: "anna.smith@builder.example")])
        #expect(message.sender == MailAddress(address: "assistant@builder.example"))
        #expect(message.warnings.contains { $0.message.contains("garbage-without-at") })
    }

    @Test("Every fixture parses, keeps its size, and has a From address")
    func allFixturesParse() throws {
        let names = try Fixture.allNames()
        #expect(names.count >= 25)
        for name in names {
            let bytes = try Fixture.bytes(name)
            let message = try MessageParser().parse(bytes)
            #expect(message.size == bytes.count, "\(name)")
            #expect(!message.from.isEmpty, "\(name) has no From")
            #expect(message.messageID != nil, "\(name) has no Message-ID")
        }
    }
}
