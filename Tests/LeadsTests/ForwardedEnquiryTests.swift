import MIME
import Testing

@testable import Leads

@Suite("A colleague's forward becomes the enquirer's lead")
struct ForwardedEnquiryTests {
    let extractor = EnquiryExtractor(
        classifier: SourceClassifier(rules: [
            SourceRule(name: "quote-request", subject: try! TextPattern("\\bquote\\b"))
        ]),
        policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
        defaultCountry: "GB")

    static let forward = """
        Can someone pick this up?

        Mark

        ---------- Forwarded message ---------
        From: Jane Okafor <jane@brightwater.example>
        Date: Mon, 16 Nov 2026 at 10:02
        Subject: Need a quote
        To: Mark Fielding <mark.fielding@acme.example>


        Hi Mark,

        Could you quote 60 level sensors?

        Best regards,
        Jane Okafor
        Head of Procurement
        Brightwater Ltd
        Tel: 0161 496 0753
        """

    @Test("from a colleague: the original writer, the colleague as forwarder, the note, the source of the original")
    func colleague() throws {
        let mail = message(
            [
                ("From", "Mark Fielding <mark.fielding@acme.example>"), ("To", "sales@acme.example"),
                ("Subject", "Fwd: Need a quote"),
            ], text: Self.forward)
        let enquiry = try #require(extractor.enquiry(from: mail))
        #expect(
            enquiry.contact
                == ContactDetails(
                    name: "Jane Okafor", email: "jane@brightwater.example", phone: "0161 496 0753",
                    company: "Brightwater Ltd",
                    jobTitle: "Head of Procurement", phoneE164: "+441614960753"))
        #expect(enquiry.forwardedBy?.address == "mark.fielding@acme.example")
        #expect(enquiry.isForward)
        #expect(enquiry.staffNote == "Can someone pick this up?\n\nMark")
        #expect(enquiry.text == "Could you quote 60 level sensors?")
        #expect(enquiry.source == "quote-request")
        #expect(enquiry.subject == "Need a quote")
    }

    @Test("no source rule for the original: the source is 'forwarded'")
    func fallbackSource() throws {
        let text = Self.forward.replacingOccurrences(of: "Subject: Need a quote", with: "Subject: Sensors")
        let mail = message([("From", "mark.fielding@acme.example"), ("Subject", "Fwd: Sensors")], text: text)
        #expect(extractor.enquiry(from: mail)?.source == "forwarded")
    }

    @Test("from someone outside: the forwarder stays the contact (a partner passing on is their own lead)")
    func outsider() throws {
        let mail = message(
            [("From", "Tom <tom@partner.example>"), ("Subject", "Fwd: Need a quote")],
            text: Self.forward)
        let enquiry = try #require(extractor.enquiry(from: mail))
        #expect(enquiry.contact.email == "tom@partner.example")
        #expect(!enquiry.isForward)
    }
}
