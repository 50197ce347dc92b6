import Testing

@testable import Leads

@Suite("From message to enquiry")
struct EnquiryExtractorTests {
    let extractor = EnquiryExtractor(
        classifier: SourceClassifier(rules: [
            SourceRule(name: "web-form", from: AddressPattern("forms@acme.example")),
            SourceRule(name: "trade-show", campaign: "expo-2026", to: AddressPattern("expo@acme.example")),
            SourceRule(name: "quote-request", subject: try! TextPattern("\\b(quote|pricing)\\b")),
            SourceRule(name: "partner-referral", header: ("X-Referral-Partner", try! TextPattern(".+"))),
        ]),
        policy: ReplyPolicy(ourAddresses: ["sales@acme.example"]))

    @Test("a web-form notification's fields override the website's From")
    func webForm() throws {
        let mail = message(
            [
                ("From", "Acme Website <forms@acme.example>"), ("To", "sales@acme.example"),
                ("Reply-To", "jane@brightwater.example"), ("Subject", "New contact form submission"),
            ],
            text: "Name: Jane Okafor\nEmail: jane@brightwater.example\nPhone: 0161 496 0753\n"
                + "Company: Brightwater\nMessage: 60 level sensors please.\n")
        let enquiry = try #require(extractor.enquiry(from: mail))
        #expect(
            enquiry.contact
                == ContactDetails(
                    name: "Jane Okafor", email: "jane@brightwater.example", phone: "0161 496 0753",
                    company: "Brightwater"))
        #expect(enquiry.text == "60 level sensors please.")
        #expect(enquiry.source == "web-form")
        #expect(enquiry.isFormSubmission)
    }

    @Test("a direct mail takes the contact from From, the phone from the signature")
    func directMail() throws {
        let mail = message(
            [
                ("From", "\"Becker, Tom\" <t.becker@stadtwerke.example>"), ("To", "sales@acme.example"),
                ("Subject", "Sensors for our plant"),
            ],
            text: "Hello,\n\nWe need 20 flow sensors.\n\nBest regards\nTom Becker\nTel: +49 30 901820 44\n")
        let enquiry = try #require(extractor.enquiry(from: mail))
        #expect(enquiry.contact.name == "Tom Becker")
        #expect(enquiry.contact.email == "t.becker@stadtwerke.example")
        #expect(enquiry.contact.phone == "+49 30 901820 44")
        #expect(enquiry.source == "email")
        #expect(enquiry.campaign == nil)
    }

    @Test("source rules: first match wins, recipients include Delivered-To, campaign comes along")
    func sources() throws {
        let expo = message([
            ("From", "a@b.example"), ("To", "sales@acme.example"),
            ("Delivered-To", "expo@acme.example"), ("Subject", "pricing"),
        ])
        #expect(extractor.enquiry(from: expo)?.source == "trade-show")
        #expect(extractor.enquiry(from: expo)?.campaign == "expo-2026")
        let quote = message([("From", "a@b.example"), ("Subject", "Request for Quote")])
        #expect(extractor.enquiry(from: quote)?.source == "quote-request")
        let partner = message([("From", "a@b.example"), ("X-Referral-Partner", "Northwind")])
        #expect(extractor.enquiry(from: partner)?.source == "partner-referral")
    }

    @Test("Reply-To pointing at us is ignored in favour of From")
    func replyToOurs() throws {
        let mail = message([("From", "jane@brightwater.example"), ("Reply-To", "sales@acme.example")])
        #expect(extractor.enquiry(from: mail)?.contact.email == "jane@brightwater.example")
    }

    @Test("no usable address means no enquiry")
    func noAddress() {
        #expect(extractor.enquiry(from: message([("Subject", "hello")], text: "hi")) == nil)
    }

    @Test("an excerpt is one line and cut at a word")
    func excerpt() {
        let enquiry = Enquiry(
            contact: ContactDetails(email: "a@b.example"), subject: nil,
            text: "Line one\nline two is rather longer than the limit", source: "email")
        #expect(enquiry.excerpt(limit: 20) == "Line one line two is…")
    }

    @Test("an excerpt read on the bytes of ASCII text is the one read by Character, on 10,000 generated")
    func excerptOnBytes() {
        // The whole text on one line by Character, then cut: how every excerpt was made before.
        func wholeTextExcerpt(_ text: String, limit: Int) -> String {
            let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            guard oneLine.count > limit else { return oneLine }
            let cut = oneLine.prefix(limit)
            let atWord = oneLine[cut.endIndex] == " " ? cut : cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
            return atWord + "…"
        }
        // Half the texts are ASCII, which is read on its bytes; the others mix in what joins into Characters.
        let ascii = [
            "word", " ", "\n", "\r\n", "\n\n", "\r", "\u{0B}", "\u{0C}", "\t",
            String(repeating: "x", count: 30),
        ]
        let other = ascii + ["\u{301}", "e\u{301}", "🇩🇪", "🙂", "\u{200D}", "Ünïcode", "\u{2028}", "\u{85}"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<10_000 {
            let pieces = round.isMultiple(of: 2) ? ascii : other
            let text = (0..<Int.random(in: 0...40, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let limit = Int.random(in: 1...60, using: &generator)
            let enquiry = Enquiry(
                contact: ContactDetails(email: "a@b.example"), subject: nil, text: text, source: "email")
            #expect(enquiry.excerpt(limit: limit) == wholeTextExcerpt(text, limit: limit), "\(text.debugDescription)")
        }
    }
}
