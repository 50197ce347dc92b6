import Foundation
import Testing

@testable import MIME

/// Mail as the common clients write it: every decoded field the product reads.
@Suite struct ClientFixtureTests {
    @Test("Gmail multipart/alternative: text/plain chosen, HTML kept, headers decoded")
    func gmail() throws {
        let message = try Fixture.parse("gmail-alternative")
        #expect(message.from == [MailAddress(name: "Jane Doe", address: "jane.doe.bwf@gmail.com")])
        #expect(message.to == [MailAddress(address: "sales@acme.example")])
        #expect(message.subject == "Question about the TX-200 pressure sensor")
        #expect(message.messageID == "CAF=kq7xY2b3VqU4nR+8gLm0Zt1p9wQ@mail.gmail.com")
        #expect(message.utcDate == "2026-11-23 17:12:31")
        #expect(
            message.text == """
                Hi Acme team,

                We are evaluating the TX-200 pressure sensor for our plant in Münster.
                Could you send a datasheet and lead times for 40 units?

                Thanks,
                Jane Doe
                Process Engineer, Brightwater Foods
                +1 555 0134

                """)
        #expect(message.html?.hasPrefix("<div dir=\"ltr\">Hi Acme team,<div><br></div>") == true)
        #expect(message.html?.contains("plant in Münster.</div>") == true)
        #expect(message.attachments.isEmpty)
        #expect(message.warnings.isEmpty)
        #expect(message.root.parts.count == 2)
        #expect(message.headers["dkim-signature"]?.contains("d=gmail.com; s=20230601;") == true)
    }

    @Test("Outlook: Windows-1252 quoted-printable and \"Last, First\" names")
    func outlook() throws {
        let message = try Fixture.parse("outlook-cp1252")
        #expect(message.from == [MailAddress(name: "Smith, John", address: "John.Smith@contoso.example")])
        #expect(message.to == [MailAddress(name: "Sales, Acme", address: "sales@acme.example")])
        #expect(message.cc == [MailAddress(name: "O'Neil, Mary", address: "mary.oneil@contoso.example")])
        #expect(message.subject == "RE: Quotation request – TX-200")
        #expect(
            message.text == """
                Hello,

                We’d like a quotation for 12 × TX-200 – delivery to Rotterdam.
                Budget is about €4,500.

                Best regards

                John Smith
                Contoso Ltd. | Purchasing
                Tel. +44 20 7946 0321

                """)
        #expect(message.html?.contains("We’d like a quotation for 12 × TX-200 – delivery") == true)
        #expect(message.headers["X-MS-Has-Attach"] == "")
        #expect(message.utcDate == "2026-11-23 10:01:58")
    }

    @Test("Apple Mail: encoded name, folded Content-Type parameters, LF line ends")
    func appleMail() throws {
        let message = try Fixture.parse("apple-mail")
        #expect(message.from == [MailAddress(name: "Zoë Laurent", address: "zoe@laurent-fils.example")])
        #expect(message.subject == "Demande d'offre capteur TX-300")
        #expect(message.messageID == "5C2A1E3F-7B8D-4A9C-B0E1-F2A3B4C5D6E7@laurent-fils.example")
        #expect(message.utcDate == "2026-11-22 15:39:47")
        #expect(
            message.text == "Bonjour,\n\nJe souhaiterais recevoir une offre pour le capteur TX-300 (quantité : 5)."
                + "\n\nCordialement,\nZoë Laurent\nLaurent & Fils SARL\n+33 1 99 00 12 34\n\n")
        #expect(message.root.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(message.root.parts[0].contentType.parameters["charset"] == "utf-8")
    }

    @Test("Thunderbird: 8bit UTF-8 body, format=flowed, PDF attachment decoded from base64")
    func thunderbird() throws {
        let message = try Fixture.parse("thunderbird")
        #expect(message.from == [MailAddress(name: "Klaus Weiß", address: "k.weiss@weiss-anlagenbau.example")])
        #expect(message.subject == "Anfrage Durchflussmesser / flow meters")
        #expect(
            message.text?.hasPrefix(
                "Hello,\n\nplease find attached our requirements for the Görlitz site.\n") == true)
        #expect(message.text?.hasSuffix("Klaus Weiß\nWeiß Anlagenbau GmbH\n+49 30 555 0199\n") == true)
        let pdf = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(pdf.filename == "Anforderungen.pdf")
        #expect(pdf.contentType.mimeType == "application/pdf")
        #expect(pdf.size == 125)
        #expect(pdf.content.starts(with: Array("%PDF-1.4\n".utf8)))
        #expect(pdf.content.suffix(6).elementsEqual(Array("%%EOF\n".utf8)))
    }

    @Test("Web-form notification: Reply-To holds the enquirer, body is Key: value lines")
    func webForm() throws {
        let message = try Fixture.parse("webform")
        #expect(message.from == [MailAddress(name: "Acme Website", address: "forms@acme.example")])
        #expect(message.replyTo == [MailAddress(name: "Priya Natarajan", address: "priya.n@solarfarm.example")])
        #expect(
            message.text == """
                Name: Priya Natarajan
                Email: priya.n@solarfarm.example
                Phone: +1 555 0188
                Company: Solar Farm Co.
                Message: We need irradiance sensors for a 20 MW site. Can you call me
                next week?

                """)
        #expect(message.headers["X-Mailer"] == "WPForms 1.9.2")
    }

    @Test("An mbox \"From \" line before the headers is skipped")
    func mboxFromLine() throws {
        let message = try Fixture.parse("mbox-from-line")
        #expect(message.headers.fields.first?.name == "Return-Path")
        #expect(message.from == [MailAddress(name: "Lisa Park", address: "lisa@harbourtech.example")])
        #expect(message.to == [MailAddress(address: "expo@acme.example")])
        #expect(message.text == "Great talking at booth 4B. Please send the TX-200 brochure.\nLisa\n")
    }

    @Test("Bare LF line ends parse like CRLF")
    func bareLF() throws {
        let message = try Fixture.parse("bare-lf")
        #expect(message.subject == "Lead time for RTD probes?")
        #expect(message.text == "Hi,\nwhat is the current lead time for RTD probes?\nMike\n")
        #expect(message.utcDate == "2026-11-19 15:07:07")
        let crlf = try MessageParser().parse(
            Array(
                String(decoding: Fixture.bytes("bare-lf"), as: UTF8.self)
                    .replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(crlf.text == message.text)
        #expect(crlf.subject == message.subject)
    }

    @Test("No Content-Type: text/plain, with raw UTF-8 in the headers (RFC 6532)")
    func noContentType() throws {
        let message = try Fixture.parse("no-content-type")
        #expect(message.root.contentType == .defaultText)
        #expect(message.from == [MailAddress(name: "José Álvarez", address: "jose@alvarez.example")])
        #expect(message.subject == "Presupuesto válvulas")
        #expect(message.text == "Hola, necesitamos presupuesto.\n")
    }

    @Test("8-bit Windows-1252 header bytes fall back from UTF-8; EUC-KR and ISO-8859-15 names")
    func eightBitWindows1252Header() throws {
        let message = try Fixture.parse("eightbit-header-cp1252")
        #expect(message.from == [MailAddress(name: "Renée Dubois", address: "renee@dubois.example")])
        #expect(message.subject == "Prix pour 10 capteurs – urgent")
        #expect(
            message.cc == [
                MailAddress(name: "김민준", address: "minjun.kim@hanil.example"),
                MailAddress(name: "Ekonomi €", address: "eko@nordic.example"),
            ])
        #expect(message.text == "Merci – à bientôt.\n")
    }

    @Test("Very long folded headers unfold; References become a list")
    func longFoldedHeaders() throws {
        let message = try Fixture.parse("long-folded-headers")
        #expect(message.to.count == 15)
        #expect(message.to.last == MailAddress(name: "Person 15", address: "person15@customer.example"))
        #expect(message.subject == "Re: Re: Fwd: Überprüfung der Sensoren für Halle Nord und Süd, Los 7")
        #expect(message.references.count == 30)
        #expect(message.references.first == "thread-01.17630037@mail.example")
        #expect(message.references.last == "thread-30.17631110@mail.example")
        #expect(message.inReplyTo == ["thread-30.17631110@mail.example"])
        let long = try #require(message.headers["X-Long-Header"])
        #expect(long.hasPrefix("word1 word2 word3"))
        #expect(long.hasSuffix("word198 word199"))
        #expect(!long.contains("\n") && !long.contains("\r"))
        let rawSubject = try #require(message.headers.fields.first { $0.name == "Subject" }?.rawValue)
        #expect(rawSubject.contains(0x0A), "rawValue keeps the folding")
    }
}
