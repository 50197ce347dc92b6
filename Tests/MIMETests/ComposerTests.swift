import Foundation
import Testing

@testable import MIME

/// Outgoing messages: header order and format, encoding, folding, injection safety, and round trips
/// through our own parser.
@Suite struct ComposerTests {
    private static let date = Date(timeIntervalSince1970: 1_795_456_862)  // Mon, 23 Nov 2026 18:01:02 +0000

    private static func reply(
        subject: String = "Re: Question about the TX-200",
        text: String = "Hi Jane,\n\nthanks for your enquiry.\n\nAcme Sales\n",
        html: String? = nil
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: MailAddress(name: "Acme Sales", address: "sales@acme.example"),
            to: [MailAddress(name: "Jane Doe", address: "jane.doe.bwf@gmail.com")],
            cc: [MailAddress(name: "Smith, John", address: "john.smith@contoso.example")],
            bcc: [MailAddress(address: "archive@acme.example")],
            replyTo: [MailAddress(address: "sales@acme.example")],
            subject: subject,
            text: text,
            html: html,
            messageID: "20261123180102.3f9a1c2b7d4e@acme.example",
            inReplyTo: "CAF=kq7xY2b3VqU4nR+8gLm0Zt1p9wQ@mail.gmail.com",
            references: ["first@mail.gmail.com", "CAF=kq7xY2b3VqU4nR+8gLm0Zt1p9wQ@mail.gmail.com"],
            date: date,
            extraHeaders: [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]
        )
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    private static func headerNames(_ bytes: [UInt8]) -> [String] {
        lines(bytes).prefix { !$0.isEmpty }.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
            .map { String($0.prefix { $0 != ":" }) }
    }

    @Test("Headers come in the documented order; Bcc is never rendered")
    func headerOrder() {
        let bytes = Self.reply().rendered()
        #expect(
            Self.headerNames(bytes) == [
                "Date", "From", "To", "Cc", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References",
                "MIME-Version", "Auto-Submitted", "X-Auto-Response-Suppress", "Content-Type",
                "Content-Transfer-Encoding",
            ])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.lowercased().contains("bcc"))
        #expect(!text.contains("archive@acme.example"))
        #expect(text.hasPrefix("Date: Mon, 23 Nov 2026 18:01:02 +0000\r\nFrom: Acme Sales <sales@acme.example>\r\n"))
        #expect(text.contains("\r\nCc: \"Smith, John\" <john.smith@contoso.example>\r\n"))
        #expect(text.contains("\r\nMessage-ID: <20261123180102.3f9a1c2b7d4e@acme.example>\r\n"))
        #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(text.contains("\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
    }

    @Test("CRLF everywhere, a final CRLF, and no line over 78 characters")
    func lineEnds() {
        let bytes = Self.reply(
            subject: String(repeating: "Angebot für Sensoren ", count: 8),
            text: String(repeating: "Zeile mit Umlauten äöü und mehr Text. ", count: 20),
            html: "<p>" + String(repeating: "x", count: 300) + "</p>"
        ).rendered()
        #expect(bytes.suffix(2).elementsEqual([0x0D, 0x0A]))
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)")
        }
        for (index, byte) in bytes.enumerated() where byte == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)")
        }
        for line in Self.lines(bytes) {
            #expect(line.utf8.count <= 78, "too long: \(line)")
        }
    }

    @Test("Round trip through our parser: plain text with non-ASCII subject and names")
    func roundTripPlain() throws {
        var message = Self.reply(
            subject: "Re: Überprüfung – 見積依頼 😀 for Zoë",
            text: "Grüße,\nZoë\n.\nFrom here on\nno newline at end")
        message.from = MailAddress(name: "Ärger, Ünal (Acme) 😀", address: "uenal@acme.example")
        message.to = [
            MailAddress(name: "山田太郎", address: "t.yamada@yamada-seiki.example"),
            MailAddress(address: "second@x.example"),
        ]
        let parsed = try MessageParser().parse(message.rendered())
        #expect(parsed.from == [message.from])
        #expect(parsed.to == message.to)
        #expect(parsed.cc == message.cc)
        #expect(parsed.replyTo == message.replyTo)
        #expect(parsed.subject == message.subject)
        #expect(parsed.text == message.text)
        #expect(parsed.html == nil)
        #expect(parsed.messageID == message.messageID)
        #expect(parsed.inReplyTo == [message.inReplyTo!])
        #expect(parsed.references == message.references)
        #expect(parsed.date == message.date)
        #expect(parsed.headers["Auto-Submitted"] == "auto-replied")
        #expect(parsed.warnings.isEmpty)
    }

    @Test(
        "Round trip with HTML: multipart/alternative, text first, both bodies exact",
        arguments: [
            "Hello\n", "Hello", "", "=_LeadMail_ looks like a boundary\n--=_LeadMail_x\n", "Trailing space \nand tab\t",
        ])
    func roundTripHTML(_ text: String) throws {
        let html = "<p>Grüße &amp; <b>thanks</b></p>\n<p>" + String(repeating: "long line ", count: 30) + "</p>"
        let message = Self.reply(text: text, html: html)
        let parsed = try MessageParser().parse(message.rendered())
        #expect(parsed.root.contentType.mimeType == "multipart/alternative")
        #expect(parsed.root.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(parsed.text == text)
        #expect(parsed.html == html)
        #expect(parsed.attachments.isEmpty)
        let boundary = try #require(parsed.root.contentType.parameters["boundary"])
        #expect(boundary.hasPrefix("=_"))
    }

    @Test("CR, LF and NUL in any value cannot inject headers")
    func headerInjection() throws {
        var message = Self.reply(subject: "Hello\r\nBcc: victim@evil.example\r\n\r\nInjected body")
        message.from = MailAddress(name: "Evil\r\nX-Injected: 1", address: "evil@evil.example\r\nBcc: a@evil.example")
        message.to = [MailAddress(name: "To\nSubject: spoofed", address: "jane@x.example")]
        message.inReplyTo = "id@x\r\nBcc: b@evil.example"
        message.references = ["ref@x\nX-Injected: 2"]
        message.extraHeaders = [
            ("X-Note\r\nBcc", "value\r\nBcc: c@evil.example\0"), ("Bcc", "d@evil.example"),
            ("content-type", "text/html"),
        ]
        let bytes = message.rendered()
        let names = Self.headerNames(bytes)
        #expect(!names.contains { $0.caseInsensitiveCompare("Bcc") == .orderedSame })
        #expect(!names.contains("X-Injected"))
        #expect(names.filter { $0 == "Subject" }.count == 1)
        #expect(!bytes.contains(0))
        #expect(names.filter { $0.lowercased() == "content-type" }.count == 1)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("d@evil.example"))
        let parsed = try MessageParser().parse(bytes)
        #expect(parsed.subject == "Hello Bcc: victim@evil.example Injected body")
        #expect(parsed.text == message.text)
        #expect(parsed.headers["X-NoteBcc"] == "value Bcc: c@evil.example")
    }

    @Test("Bcc-only mail has no To header but keeps its envelope")
    func bccOnly() {
        let message = OutgoingMessage(
            from: MailAddress(address: "sales@acme.example"), to: [],
            bcc: [MailAddress(address: "list@acme.example")], subject: "s", text: "t")
        #expect(!Self.headerNames(message.rendered()).contains("To"))
        #expect(message.envelopeRecipients == ["list@acme.example"])
    }

    @Test("Encoded words are at most 75 characters and never split a UTF-8 character")
    func encodedWordsLimits() throws {
        let subject = String(repeating: "ä€😀", count: 40)
        let bytes = Self.reply(subject: subject).rendered()
        let header = Self.lines(bytes).drop { !$0.hasPrefix("Subject:") }
            .prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        let words = header.joined().split(separator: " ").filter { $0.hasPrefix("=?") }
        #expect(words.count > 3)
        for word in words {
            #expect(word.count <= 75)
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            let decoded = try #require(Data(base64Encoded: String(payload)))
            #expect(String(data: decoded, encoding: .utf8) != nil, "word \(word) splits a character")
        }
        #expect(try MessageParser().parse(bytes).subject == subject)
    }

    @Test("Display names with specials are quoted and escaped")
    func quotedNames() {
        #expect(HeaderEncoder.mailbox(MailAddress(name: "Smith, John", address: "j@x")) == "\"Smith, John\" <j@x>")
        #expect(HeaderEncoder.mailbox(MailAddress(name: "A \"B\" C", address: "a@x")) == "\"A \\\"B\\\" C\" <a@x>")
        #expect(HeaderEncoder.mailbox(MailAddress(name: "Plain Name", address: "p@x")) == "Plain Name <p@x>")
        #expect(HeaderEncoder.mailbox(MailAddress(name: "  ", address: "p@x")) == "p@x")
        #expect(HeaderEncoder.mailbox(MailAddress(address: "p@x")) == "p@x")
    }

    /// `"…"@domain` with nothing but printable characters and spaces in the quotes and a bare domain, written
    /// as a pattern: the reference for `bareAddress`, which keeps such an address as it is.
    static func isQuotedLocalPart(_ text: String) -> Bool {
        let bareScalar = { (scalar: Unicode.Scalar) in
            scalar.value > 0x20 && scalar.value != 0x7F && scalar != "<" && scalar != ">"
                && !scalar.properties.isWhitespace
        }
        let pattern = #/"((?:\\.|[^"\\])*)"@(.+)/#
        guard let match = text.wholeMatch(of: pattern) else { return false }
        return match.1.unicodeScalars.allSatisfy { $0 == " " || bareScalar($0) }
            && match.2.unicodeScalars.allSatisfy(bareScalar)
    }

    @Test("Addresses, header names and display names read on their bytes follow the scalar rules (20,000 generated)")
    func headerBytePathsMatchScalarRules() {
        let pieces = [
            "a", "Z", "0", " ", "\t", "\r", "\n", "\u{0}", "\u{7F}", "<", ">", ":", "@", ".", ",", "\"", "\\",
            "(", "=?", "é", "\u{A0}", "\u{2028}", "€", "🙂", "x@example.com", "Jane Doe",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let filtered = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.filter {
                        $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" && !$0.properties.isWhitespace
                    }))
            let bare = Self.isQuotedLocalPart(text) ? text : filtered
            #expect(HeaderEncoder.bareAddressAsWritten(text) == bare, "\(text.debugDescription)")
            let name = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.filter {
                        $0.value > 0x20 && $0.value < 0x7F && $0 != ":"
                    }))
            #expect(HeaderSanitizer.cleanName(text) == name, "\(text.debugDescription)")
            let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F || $0 == "\t" }
            #expect(HeaderEncoder.isPlainASCII(text) == plain, "\(text.debugDescription)")
            let mailbox = HeaderEncoder.mailbox(MailAddress(name: text, address: "p@x"))
            #expect(mailbox.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }, "\(text.debugDescription)")
            #expect(mailbox == "p@x" || mailbox.hasSuffix(" <p@x>"), "\(mailbox)")
        }
    }

    @Test("Quoted-printable: lines at most 76, = and trailing spaces encoded, leading dot and From encoded")
    func quotedPrintable() {
        let text = "a = b \n.\nFrom me\n" + String(repeating: "é", count: 100) + "\n"
        let encoded = QuotedPrintableEncoder.encode(text)
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "a =3D b=20")
        #expect(lines[1] == "=2E")
        #expect(lines[2] == "=46rom me")
        #expect(lines.allSatisfy { $0.count <= 76 })
        let crlfText = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(TransferDecoding.quotedPrintable(encoded) == crlfText)
    }

    @Test("Quoted-printable: 5,000 generated texts decode to themselves (CRLF line ends), within 76, printable ASCII")
    func quotedPrintableRoundTrips() {
        let pieces = [
            "a", " ", "\t", "=", ".", "From ", "From", "\r\n", "\n", "\r", "é", "€", "🙂", "\u{0}", "~",
            String(repeating: "y", count: 80), "  \n", "F", "\u{7F}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let encoded = QuotedPrintableEncoder.encode(text)
            let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n")
            #expect(TransferDecoding.quotedPrintable(encoded) == Array(expected.utf8), "\(text.debugDescription)")
            let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 76 && !$0.hasPrefix(".") && !$0.hasPrefix("From ") })
            #expect(encoded.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0D || $0 == 0x0A || $0 == 0x09 })
            #expect(encoded.isEmpty || encoded.suffix(2) == [0x0D, 0x0A], "ends with a line break, hard or soft")
        }
    }

    @Test("Envelope recipients: To, Cc and Bcc, deduplicated case-insensitively")
    func envelope() {
        var message = Self.reply()
        message.to.append(MailAddress(address: "JANE.DOE.BWF@gmail.com"))
        message.bcc.append(MailAddress(address: "john.smith@contoso.example"))
        #expect(
            message.envelopeRecipients == [
                "jane.doe.bwf@gmail.com", "john.smith@contoso.example", "archive@acme.example",
            ])
    }

    @Test("Message-IDs: time-stamped, on the domain, unique; the default uses the sender's domain")
    func messageIDs() {
        let ids = (0..<500).map { _ in MessageID.make(domain: "acme.example") }
        #expect(Set(ids).count == 500)
        for id in ids.prefix(5) {
            let parts = id.split(separator: "@")
            #expect(parts.count == 2 && parts[1] == "acme.example")
            let local = parts[0].split(separator: ".")
            #expect(local.count == 2 && local[0].count == 14 && local[1].count == 12)
            #expect(local[0].allSatisfy(\.isNumber) && local[1].allSatisfy(\.isHexDigit))
        }
        let message = OutgoingMessage(
            from: MailAddress(address: "sales@Acme.Example"), to: [],
            subject: "s", text: "t")
        #expect(message.messageID.hasSuffix("@acme.example"))
    }

    @Test(
        "Dates render as RFC 5322 in UTC",
        arguments: [
            (0.0, "Thu, 1 Jan 1970 00:00:00 +0000"),
            (1_795_456_862.0, "Mon, 23 Nov 2026 18:01:02 +0000"),
            (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        ])
    func dates(_ seconds: Double, _ expected: String) {
        #expect(MailDateFormatter.rfc5322(Date(timeIntervalSince1970: seconds)) == expected)
    }

    /// Ids in In-Reply-To and References lose brackets, whitespace and NUL: the byte filter for ASCII ids gives
    /// what the Character filter gives, "\r\n" and control characters included.
    @Test("Message-ID text: the ASCII byte filter agrees with the Character filter on 3,000 generated ids")
    func idTextAgreesWithCharacters() {
        let pieces = [
            "a1", "@", "<", ">", " ", "\t", "\r\n", "\n", "\r", "\0", "x.y", "\u{0B}", "\u{0C}", "-_=+",
            "é", "\u{85}", "\u{2003}", "e\u{301}",
        ]
        var generator = SystemRandomNumberGenerator()
        var changed = 0
        for _ in 0..<3_000 {
            let id = (0..<Int.random(in: 0...9, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = HeaderSanitizer.clean(id).filter { !$0.isWhitespace && $0 != "<" && $0 != ">" }
            #expect(OutgoingMessage.idText(id) == expected, "\(id.debugDescription)")
            if expected != id { changed += 1 }
        }
        #expect(changed > 1_000)
    }

    /// Folding is greedy at spaces: unfolded it is the field as given; a line is over the limit only when it is one
    /// word; and no line could have taken the next line's first word. Short fields (one line) take a shortcut.
    @Test("Folding: 3,000 generated fields unfold to themselves, within 76 characters, folded only where needed")
    func foldingIsGreedyAtSpaces() {
        let words = [
            "a", "re:", "Pumps", "<id.1@example.com>", "=?utf-8?q?J=C3=BCrgen?=", "", "x",
            String(repeating: "w", count: 30), String(repeating: "long", count: 25), "é", "Zoë",
        ]
        var generator = SystemRandomNumberGenerator()
        var (oneLine, folded) = (0, 0)
        for _ in 0..<3_000 {
            let name = ["Subject", "References", "To", "X-Ü"].randomElement(using: &generator)!
            let value = (0..<Int.random(in: 0...14, using: &generator))
                .map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            let field = HeaderEncoder.fold(name: name, value: value)
            #expect(
                field.replacingOccurrences(of: "\r\n", with: "") == name + ": " + value, "\(value.debugDescription)")
            let lines = field.components(separatedBy: "\r\n")
            for (index, line) in lines.enumerated() {
                let isOneWord =
                    index == 0
                    ? !line.dropFirst(name.count + 2).contains(" ") : line.dropFirst().firstIndex(of: " ") == nil
                #expect(line.count <= HeaderEncoder.lineLimit || isOneWord, "\(field.debugDescription)")
                if index + 1 < lines.count {
                    let next = lines[index + 1].dropFirst().prefix { $0 != " " }
                    #expect(
                        line.count + 1 + next.count > HeaderEncoder.lineLimit, "folded early: \(field.debugDescription)"
                    )
                }
            }
            if lines.count == 1 { oneLine += 1 } else { folded += 1 }
        }
        #expect(oneLine > 300 && folded > 300)
    }
}
