import Foundation
import Testing

@testable import MIME

@Suite("Forwarded messages: who originally wrote")
struct ForwardedMessageTests {
    static func parse(_ name: String) throws -> Message {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures/forwards"),
            "fixture forwards/\(name).eml is missing from the test bundle")
        return try MessageParser().parse(Array(Data(contentsOf: url)))
    }

    struct Case: Sendable, CustomStringConvertible {
        var fixture: String
        var format: ForwardedMessage.Format
        var from: String
        var name: String
        var subject: String
        /// "yyyy-MM-dd HH:mm" in UTC, or nil when only the day is checked (zone names such as MEZ).
        var date: String?
        var day: String
        var note: String
        var text: String
        var description: String { fixture }
    }

    static let cases: [Case] = [
        Case(
            fixture: "gmail", format: .gmail, from: "g.papadopoulos@aegeanfish.example",
            name: "George Papadopoulos", subject: "Level sensors for our site", date: "2026-11-18 11:22",
            day: "2026-11-18", note: "Please quote", text: "Hi"),
        Case(
            fixture: "gmail-de", format: .gmail, from: "charlotte.evans@evansfarm.example", name: "Charlotte Evans",
            subject: "Enquiry", date: "2026-11-19 12:23", day: "2026-11-19", note: "Hallo zusammen", text: ""),
        Case(
            fixture: "outlook", format: .outlook, from: "laura.bianchi@caseificio-bianchi.example",
            name: "Laura Bianchi", subject: "Level sensors for our site", date: "2026-11-20 14:24",
            day: "2026-11-20", note: "Can you look", text: ""),
        Case(
            fixture: "outlook-de", format: .outlook, from: "ingrid.larsen@fjordsalmon.example",
            name: "Ingrid Larsen", subject: "Quote request", date: "2026-11-16 10:25", day: "2026-11-16",
            note: "Hi team,", text: ""),
        Case(
            fixture: "outlook-mailto", format: .outlook, from: "claire.dubois@vinsdurhone.example",
            name: "Claire Dubois", subject: "Level sensors for our site", date: "2026-11-19 10:28",
            day: "2026-11-19", note: "Lead for us", text: ""),
        Case(
            fixture: "outlook-fr", format: .outlook, from: "nina.petrova@balticgrain.example", name: "Nina Petrova",
            subject: "Enquiry", date: "2026-11-18 10:27", day: "2026-11-18", note: "Please quote", text: "Hi,"),
        Case(
            fixture: "outlook-es", format: .outlook, from: "tomas.herrera@herrera-aguas.example",
            name: "Tomás Herrera", subject: "Level sensors for our site", date: "2026-11-17 10:26",
            day: "2026-11-17", note: "FYI - new lead", text: ""),
        Case(
            fixture: "owa", format: .outlook, from: "rajesh.iyer@sundarampumps.example", name: "Rajesh Iyer",
            subject: "Pressure transmitters", date: "2026-11-20 09:29", day: "2026-11-20",
            note: "Can you look", text: ""),
        Case(
            fixture: "owa-html", format: .outlook, from: "oliver.grant@grantcivils.example", name: "Oliver Grant",
            subject: "Enquiry", date: "2026-11-16 09:15", day: "2026-11-16", note: "Hi team, Could", text: ""),
        Case(
            fixture: "apple", format: .appleMail, from: "aoife@gallagherdairies.example", name: "Aoife Gallagher",
            subject: "Pressure transmitters", date: "2026-11-16 10:20", day: "2026-11-16", note: "Hi team,",
            text: ""),
        Case(
            fixture: "apple-de", format: .appleMail, from: "lucia.fernandez@bodegasrioja.example",
            name: "Lucía Fernández", subject: "Pressure transmitters", date: nil, day: "2026-11-17",
            note: "FYI - new lead", text: ""),
        Case(
            fixture: "thunderbird", format: .thunderbird, from: "isabel.costa@lusoagua.example", name: "Isabel Costa",
            subject: "Quote request", date: "2026-12-08 16:26", day: "2026-12-08", note: "FYI - new lead", text: ""),
        Case(
            fixture: "thunderbird-de", format: .thunderbird, from: "pierre.lefevre@brasserie-lefevre.example",
            name: "Pierre Lefèvre", subject: "Quote request", date: "2026-12-08 17:57", day: "2026-12-08",
            note: "Please quote", text: ""),
    ]

    @Test("reads the inline forward of each client and language", arguments: cases)
    func inline(_ expected: Case) throws {
        let message = try Self.parse(expected.fixture)
        let forwards = ForwardedMessage.extract(from: message)
        try #require(forwards.count == 1)
        let forward = forwards[0]
        #expect(forward.format == expected.format)
        #expect(forward.from?.address == expected.from)
        #expect(forward.from?.name == expected.name)
        #expect(forward.subject == expected.subject)
        #expect(forward.to.allSatisfy { $0.address.hasSuffix("@acme.example") })
        #expect(forward.date.map { Self.utc($0, "yyyy-MM-dd") } == expected.day)
        if let date = expected.date {
            #expect(forward.date.map { Self.utc($0, "yyyy-MM-dd HH:mm") } == date)
        }
        #expect(forward.note.hasPrefix(expected.note))
        #expect(!forward.note.contains(expected.from), "the note stops above the forwarded block")
        #expect(
            !forward.text.isEmpty && !forward.text.contains("Subject:") && !forward.text.contains("Objet"),
            "the original text starts below the header block: \(forward.text.prefix(80))")
        #expect(forward.text.hasPrefix(expected.text))
    }

    @Test("an attached message/rfc822 is one forward, two attached are two")
    func attached() throws {
        let one = ForwardedMessage.extract(from: try Self.parse("attached-x1"))
        #expect(one.map(\.from?.address) == ["t.becker@stadtwerke-hoya.example"])
        #expect(one.first?.format == .attached)
        #expect(one.first?.subject == "Quote please")
        #expect(one.first?.note.hasPrefix("FYI - new lead") == true)
        let two = ForwardedMessage.extract(from: try Self.parse("attached-x2"))
        #expect(
            two.map(\.from?.address)
                == ["s.martin@laiterie-martin.example", "lucia.fernandez@bodegasrioja.example"])
        #expect(two.map(\.from?.name) == ["Sophie Martin", "Lucía Fernández"])
        #expect(two.allSatisfy { $0.text.count > 40 })
    }

    @Test("a forward of a forward gives the innermost writer")
    func nestedChain() throws {
        let message = try MessageParser().parse(Array(Self.chain.utf8))
        let forwards = ForwardedMessage.extract(from: message)
        #expect(forwards.map(\.from?.address) == ["anna@kunde.example"])
        #expect(forwards.first?.note == "Für euch.")
        #expect(forwards.first?.text == "Wir brauchen 5 Sensoren.")
    }

    static let chain = """
        From: Katrin Vogel <katrin.vogel@acme.example>
        To: sales@acme.example
        Subject: WG: FW: Anfrage
        Content-Type: text/plain; charset=utf-8

        Für euch.

        -----Ursprüngliche Nachricht-----
        Von: Mark Fielding <mark.fielding@acme.example>
        Gesendet: Montag, 16. November 2026 10:02
        An: Katrin Vogel <katrin.vogel@acme.example>
        Betreff: FW: Anfrage

        Katrin, is this one yours?

        -----Original Message-----
        From: Anna Kunde <anna@kunde.example>
        Sent: Monday, November 16, 2026 9:40 AM
        To: Mark Fielding <mark.fielding@acme.example>
        Subject: Anfrage

        Wir brauchen 5 Sensoren.
        """

    @Test("an Outlook reply's quoted history is not a forward; a marked forward is, whatever the subject")
    func replyIsNotForward() throws {
        let reply = """
            From: Jane <jane@brightwater.example>
            Subject: RE: Your quote
            Content-Type: text/plain

            Yes please, go ahead.

            -----Original Message-----
            From: Acme Sales <sales@acme.example>
            Sent: Friday, November 13, 2026 4:10 PM
            To: Jane <jane@brightwater.example>
            Subject: Your quote

            Here is our quote.
            """
        #expect(ForwardedMessage.extract(from: try MessageParser().parse(Array(reply.utf8))).isEmpty)
        let gmail = """
            From: Mark <mark.fielding@acme.example>
            Subject: lead
            Content-Type: text/plain

            ---------- Forwarded message ---------
            From: Jane <jane@brightwater.example>
            Date: Mon, 16 Nov 2026 at 10:02
            Subject: sensors
            To: <mark.fielding@acme.example>

            Ten sensors please.
            """
        let forwards = ForwardedMessage.extract(from: try MessageParser().parse(Array(gmail.utf8)))
        #expect(forwards.map(\.from?.address) == ["jane@brightwater.example"])
        #expect(forwards.first?.note == "")
    }

    @Test(
        "forward subjects in several languages",
        arguments: [
            ("Fwd: x", true), ("FW: x", true), ("WG: Anfrage", true), ("TR: Demande", true), ("RV: Consulta", true),
            ("[EXT] Fw: x", true), ("Re: Fwd: x", true), ("Re: x", false), ("Forward planning", false), (nil, false),
        ] as [(String?, Bool)])
    func forwardSubjects(subject: String?, expected: Bool) {
        #expect(ForwardedMessage.isForwardSubject(subject) == expected)
    }

    @Test(
        "dates as forward blocks write them",
        arguments: [
            ("Mon, 16 Nov 2026 at 10:02", "2026-11-16 10:02"),
            ("Monday, November 16, 2026 10:02 PM", "2026-11-16 22:02"),
            ("Montag, 16. November 2026 10:02", "2026-11-16 10:02"),
            ("lundi 16 novembre 2026 10:02", "2026-11-16 10:02"),
            ("lunes, 16 de noviembre de 2026 10:02", "2026-11-16 10:02"),
            ("Mon, 16 Nov 2026 10:02:11 +0100", "2026-11-16 09:02"),
            ("16/11/2026 10:02", "2026-11-16 10:02"),
        ])
    func inlineDates(text: String, expected: String) throws {
        let date = try #require(ForwardedMessage.InlineDate.parse(text))
        #expect(Self.utc(date, "yyyy-MM-dd HH:mm") == expected)
    }

    static func utc(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
