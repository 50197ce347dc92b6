import Testing

@testable import Leads

@Suite("The enquirer's own words")
struct EnquiryTextTests {
    @Test("drops Gmail-style quoted history and the signature")
    func gmailReply() {
        let body = """
            Hello again,

            We would also need the mounting brackets.

            --\u{20}
            Tom Becker | Head of Procurement
            Tel: +49 30 901820 44

            On Mon, 16 Nov 2026 at 10:02, Acme Sales <sales@acme.example> wrote:
            > Thanks for your enquiry.
            """
        #expect(EnquiryText.ownWords(in: body) == "Hello again,\n\nWe would also need the mounting brackets.")
        #expect(EnquiryText.signature(in: body) == ["Tom Becker | Head of Procurement", "Tel: +49 30 901820 44"])
    }

    @Test(
        "stops at an Outlook original-message block and skips inline quotes",
        arguments: [
            "Please call me back.\n\n-----Original Message-----\nFrom: Acme Sales\nSent: Monday",
            "Please call me back.\n> old line\n\n________________________________\nFrom: Acme Sales",
            "Please call me back.\n\nAm 16.11.2026 um 10:02 schrieb Acme Sales <sales@acme.example>:\n> Hallo",
        ])
    func outlookAndGerman(body: String) {
        #expect(EnquiryText.ownWords(in: body) == "Please call me back.")
    }

    @Test(
        "finds a phone number in a signature",
        arguments: [
            (["Tom Becker", "Tel: +49 30 901820 44"], "+49 30 901820 44"),
            (["Mobile | 0171 555 1234"], "0171 555 1234"),
            (["M +44 7700 900123", "www.example.com"], "+44 7700 900123"),
            (["Tom", "Acme GmbH, Berlin 10115"], nil),
            (["Phone: (744)813-7148 ext. 936"], "(744)813-7148 ext. 936"),
            (["T 676.620.9346x8036"], "676.620.9346x8036"),
            (["Tel: +44 20 7946 0321 #12"], "+44 20 7946 0321 #12"),
            (["Fax 0171 555 1234"], nil),
            (["PO Box 1234567"], nil),
            (["Tel: +44 20 7946 0321 extension twelve"], nil),
        ] as [([String], String?)])
    func phones(lines: [String], expected: String?) {
        #expect(PhoneNumber.first(in: lines) == expected)
    }

    @Test(
        "finds a number offered in a sentence, not an order's, a part's or a quantity",
        arguments: [
            ("Please call me on +44 161 496 1000 after 3pm.", "+44 161 496 1000"),
            ("Bitte um Rückruf unter 0171 555 1234.", "0171 555 1234"),
            ("Mon numéro : 06 12 34 56 78, merci.", "06 12 34 56 78"),
            ("You can reach me at (212) 555-0143.", "(212) 555-0143"),
            ("Our PO number is 4500012345 for 250 units.", nil),
            ("We need part 4711-2231-99 and 12 probes.", nil),
            ("Call me tomorrow about 300 sensors.", nil),
        ] as [(String, String?)])
    func phonesInProse(text: String, expected: String?) {
        #expect(PhoneNumber.inProse(text) == expected)
    }
}
