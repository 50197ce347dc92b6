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

    /// Outlook's forward of a sender in the forwarder's address book: a name, no address.
    static func outlookForward(from: String, signature: String, note: String = "Please follow up.") -> String {
        """
        \(note)

        -----Original Message-----
        From: \(from)
        Sent: Monday, November 16, 2026 10:02 AM
        To: Mark Fielding
        Subject: Quote for level sensors

        Hello Mark,

        We need 40 radar level sensors for our new silo. Could you send a quote?

        Kind regards
        \(signature)
        """
    }

    func colleagueMail(_ text: String) -> Message {
        message(
            [
                ("From", "Mark Fielding <mark.fielding@acme.example>"), ("To", "sales@acme.example"),
                ("Subject", "FW: Quote for level sensors"),
            ], text: text)
    }

    @Test(
        "a writer named without an address: their address from the signature, by their name or as its only one",
        arguments: [
            (
                "Jane Smith", "Jane Smith\nProcurement, Millbrook Foods\njane.smith@millbrook.example",
                "jane.smith@millbrook.example"
            ),
            (
                "Smith, Jane", "J. Smith | Millbrook Foods | Tel +44 161 496 0753 | jsmith@millbrook.example",
                "jsmith@millbrook.example"
            ),
            (
                "Jürgen Weiß", "Jürgen Weiß\nEinkauf\nMail: juergen.weiss@brauerei.example",
                "juergen.weiss@brauerei.example"
            ),
            ("Jane Smith", "Jane\nMillbrook Foods\nE: purchasing@millbrook.example", "purchasing@millbrook.example"),
            (
                "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=A1B2-JSMITH",
                "Jane Smith\nMillbrook Foods\njane@millbrook.example", "jane@millbrook.example"
            ),
        ])
    func unaddressedWriterFound(from: String, signature: String, address: String) throws {
        let enquiry = try #require(
            extractor.enquiry(from: colleagueMail(Self.outlookForward(from: from, signature: signature))))
        #expect(enquiry.contact.email == address)
        #expect(enquiry.forwardedBy?.address == "mark.fielding@acme.example")
        #expect(enquiry.text.contains("40 radar level sensors"))
    }

    @Test("the writer's name is kept with the address found for them")
    func unaddressedWriterName() throws {
        let text = Self.outlookForward(from: "Smith, Jane", signature: "Jane Smith\njane.smith@millbrook.example")
        let enquiry = try #require(extractor.enquiry(from: colleagueMail(text)))
        #expect(enquiry.contact.name == "Jane Smith")
    }

    @Test("an address in the colleague's note names the writer")
    func unaddressedWriterInNote() throws {
        let text = Self.outlookForward(
            from: "Jane Smith", signature: "Jane", note: "Jane's address is jane.smith@millbrook.example, please quote."
        )
        #expect(extractor.enquiry(from: colleagueMail(text))?.contact.email == "jane.smith@millbrook.example")
    }

    @Test(
        "no address that is surely the writer's: no enquiry, and the log says what the colleague can do",
        arguments: [
            // Nothing at all.
            "Jane Smith\nMillbrook Foods",
            // Only somebody else's address, in the middle of the text, and not the writer's name.
            "Jane Smith\nMillbrook Foods\n\nPS: our site manager bob@millbrook.example has the drawings.\n\nThanks\nMillbrook",
            // Two addresses, neither carrying the writer's name.
            "Millbrook Foods\ninfo@millbrook.example | orders@millbrook.example",
            // Only our own and a robot mailbox.
            "Sent to sales@acme.example from noreply@millbrook.example",
        ])
    func unaddressedWriterUnknown(signature: String) throws {
        let mail = colleagueMail(Self.outlookForward(from: "Jane Smith", signature: signature))
        #expect(extractor.enquiries(from: mail).isEmpty)
        let problem = try #require(extractor.unaddressedForwardProblem(in: mail))
        #expect(problem.contains("“Jane Smith” without an email address"))
        #expect(problem.contains("forward it as an attachment"))
    }

    @Test("a forward that names its writer with an address, or no forward at all, is no such problem")
    func unaddressedProblemOnlyForThoseForwards() {
        let addressed = colleagueMail(Self.forward)
        #expect(extractor.unaddressedForwardProblem(in: addressed) == nil)
        let own = message(
            [("From", "Mark Fielding <mark.fielding@acme.example>"), ("Subject", "Lunch")], text: "Lunch at one?")
        #expect(extractor.unaddressedForwardProblem(in: own) == nil)
    }
}
