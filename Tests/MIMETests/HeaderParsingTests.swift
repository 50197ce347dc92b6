import Foundation
import Testing

@testable import MIME

/// The structured-header readers on their own: dates, message ids, parameters, addresses.
@Suite struct HeaderParsingTests {
    private static func utc(_ date: Date?) -> String? {
        guard let date else { return nil }
        return ISO8601DateFormatter().string(from: date)
    }

    @Test(
        "Dates: RFC 5322 and the common broken forms",
        arguments: [
            ("Mon, 23 Nov 2026 18:01:02 +0000", "2026-11-23T18:01:02Z"),
            ("23 Nov 2026 18:01:02 +0100", "2026-11-23T17:01:02Z"),
            ("Mon, 23 Nov 26 18:01:02 -0500", "2026-11-23T23:01:02Z"),
            ("Mon, 23 Nov 2026 18:01 GMT", "2026-11-23T18:01:00Z"),
            ("Mon, 23 Nov 2026 18:01:02 EST", "2026-11-23T23:01:02Z"),
            ("Mon, 23 Nov 2026 18:01:02 UT", "2026-11-23T18:01:02Z"),
            ("Mon, 23 Nov 2026 18:01:02 +0200 (CEST)", "2026-11-23T16:01:02Z"),
            ("Mon,23 Nov 2026 18:01:02 +0000", "2026-11-23T18:01:02Z"),
            ("Mon Nov 23 18:01:02 2026", "2026-11-23T18:01:02Z"),
            ("Sat, 1 Jan 99 00:00:00 +0000", "1999-01-01T00:00:00Z"),
            ("Tue, 29 Feb 2028 12:00:00 PST", "2028-02-29T20:00:00Z"),
        ])
    func dates(_ raw: String, _ expected: String) {
        #expect(Self.utc(MailDateParser.parse(raw)) == expected)
    }

    @Test(
        "Unparseable dates are nil",
        arguments: [
            "", "yesterday", "Mon, 45 Nov 2026 18:01:02 +0000",
            "Mon, 23 Foo 2026 18:01:02", "23 Nov 2026", "12:00:00",
        ])
    func badDates(_ raw: String) {
        #expect(MailDateParser.parse(raw) == nil)
    }

    @Test("Encoded words in the charset names Python's email package writes (eucgb2312_cn, euc_jp, koi8_r)")
    func pythonCharsetNames() throws {
        let raw = """
            From: =?eucgb2312_cn?b?1cW94A==?= <zhang@x.example>
            To: =?koi8_r?b?8MXU0s/X?= <petrov@x.example>
            Subject: =?euc_jp?b?pKqkpKSq?=
            Date: Mon, 23 Nov 2026 09:07:00 +0000

            text

            """
        let message = try MessageParser().parse(Array(raw.utf8))
        #expect(message.from.first?.name == "张洁")
        #expect(message.to.first?.name == "Петров")
        #expect(message.subject == "おいお")
    }

    @Test("Message ids lose their brackets; lists tolerate junk and comments")
    func messageIDs() {
        #expect(MessageIDParser.id(in: " <abc@x.example> ") == "abc@x.example")
        #expect(MessageIDParser.id(in: "abc@x.example") == "abc@x.example")
        #expect(MessageIDParser.ids(in: "<a@x> <b@y>\r\n\t<c@z>") == ["a@x", "b@y", "c@z"])
        #expect(MessageIDParser.ids(in: "<a@x> (message from Ann)") == ["a@x"])
        #expect(MessageIDParser.ids(in: "a@x, b@y") == ["a@x", "b@y"])
        #expect(MessageIDParser.ids(in: "<broken@x") == ["broken@x"])
        #expect(MessageIDParser.ids(in: "") == [])
    }

    @Test("Content-Type parameters: quoting, case, RFC 2231 continuations and charsets")
    func contentTypeParameters() throws {
        let type = try #require(
            ParameterizedHeader.contentType(
                "Multipart/Mixed; BOUNDARY=\"a;b\\\"c\"; charset=utf-8 (comment)"))
        #expect(type.mimeType == "multipart/mixed")
        #expect(type.parameters["boundary"] == "a;b\"c")
        let continued = try #require(
            ParameterizedHeader.contentType(
                "application/pdf; name*0=\"Quarterly \"; name*1=\"report.pdf\""))
        #expect(continued.parameters["name"] == "Quarterly report.pdf")
        let encoded = try #require(
            ParameterizedHeader.contentType(
                "text/plain; name*=UTF-8'en'%E2%82%AC%20price.txt"))
        #expect(encoded.parameters["name"] == "€ price.txt")
        #expect(ParameterizedHeader.contentType("garbage") == nil)
        #expect(ParameterizedHeader.contentType("text")?.mimeType == "text/plain")
    }

    @Test(
        "Address lists from the wild",
        arguments: [
            ("\"Last, First\" <f.last@x.example>", [MailAddress(name: "Last, First", address: "f.last@x.example")]),
            ("Last, First <first.last@x.example>", [MailAddress(name: "Last, First", address: "first.last@x.example")]),
            (
                "first.last@example.com (First Last)",
                [MailAddress(name: "First Last", address: "first.last@example.com")]
            ),
            ("<a@x.example>, b@y.example", [MailAddress(address: "a@x.example"), MailAddress(address: "b@y.example")]),
            (
                "Team: a@x.example, B <b@y.example>;",
                [MailAddress(address: "a@x.example"), MailAddress(name: "B", address: "b@y.example")]
            ),
            ("undisclosed-recipients:;", []),
            (
                "=?UTF-8?B?w4RybWluIMOWemNhbg==?= <ae@x.example>",
                [MailAddress(name: "Ärmin Özcan", address: "ae@x.example")]
            ),
            (
                "\"=?ISO-8859-1?Q?Andr=E9?=\" <andre@x.example>",
                [MailAddress(name: "André", address: "andre@x.example")]
            ),
            ("'jo@x.example' <jo@x.example>", [MailAddress(name: "jo@x.example", address: "jo@x.example")]),
            ("Jo Bloggs jo@x.example", [MailAddress(name: "Jo Bloggs", address: "jo@x.example")]),
            ("<@relay.example:route@x.example>", [MailAddress(address: "route@x.example")]),
            ("", []),
            (",,,", []),
        ])
    func addressLists(_ raw: String, _ expected: [MailAddress]) {
        var parser = AddressListParser()
        #expect(parser.parse(raw, field: "To") == expected)
    }

    @Test("Header block: whitespace before the colon, folding, order and case-insensitive look-up")
    func headerBlock() throws {
        let raw = "Subject : hello\r\n  world\r\nX-A: 1\r\nx-a: 2\r\nFrom: a@b.example\r\n\r\nbody"
        let message = try MessageParser().parse(Array(raw.utf8))
        #expect(message.subject == "hello  world")
        #expect(message.headers.fields.map(\.name) == ["Subject", "X-A", "x-a", "From"])
        #expect(message.headers.all("X-A") == ["1", "2"])
        #expect(message.headers.fields[0].rawValue == Array(" hello\r\n  world".utf8))
        #expect(message.text == "body")
    }

    @Test("An encoded filename that decodes to \";\" or quotes stays one parameter")
    func encodedFilenameWithSpecials() throws {
        // =?UTF-8?Q?a=3B_b=22c=22.pdf?= is "a; b"c".pdf"
        let raw =
            "From: a@b.example\nContent-Type: multipart/mixed; boundary=z\n\n--z\n"
            + "Content-Type: application/pdf; name=\"=?UTF-8?Q?a=3B_b=22c=22.pdf?=\"; x=1\n"
            + "Content-Disposition: attachment; filename=\"=?UTF-8?Q?a=3B_b=22c=22.pdf?=\"\n\n%PDF\n--z--\n"
        let message = try MessageParser().parse(Array(raw.utf8))
        let attachment = try #require(message.attachments.first)
        #expect(attachment.filename == "a; b\"c\".pdf")
        #expect(attachment.contentType.parameters["x"] == "1")
        #expect(message.root.parts[0].headers["Content-Type"] == "application/pdf; name=\"a; b\"c\".pdf\"; x=1")
    }

    @Test("A header block without a blank line ends at the first line that is not a field")
    func headerBlockWithoutBlankLine() throws {
        let raw = "From: a@b.example\nSubject: hi\nthis is the body\n"
        let message = try MessageParser().parse(Array(raw.utf8))
        #expect(message.subject == "hi")
        #expect(message.text == "this is the body\n")
        #expect(!message.warnings.isEmpty)
    }
}
