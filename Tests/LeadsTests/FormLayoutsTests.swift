import MIME
import Testing

@testable import Leads

@Suite("Form notifications beyond Key: value lines")
struct FormLayoutsTests {
    @Test("Gravity Forms: a label row, then a value row")
    func gravityForms() throws {
        let html = """
            <table bgcolor="#FFFFFF"><tr bgcolor="#EAF2FA"><td colspan="2"><strong>Name</strong></td></tr>
            <tr bgcolor="#FFFFFF"><td width="20">&nbsp;</td><td>Jane Okafor</td></tr>
            <tr bgcolor="#EAF2FA"><td colspan="2"><strong>Email</strong></td></tr>
            <tr bgcolor="#FFFFFF"><td width="20">&nbsp;</td>
            <td><a href="mailto:jane@x.example">jane@x.example</a></td></tr>
            <tr bgcolor="#EAF2FA"><td colspan="2"><strong>Budget</strong></td></tr>
            <tr bgcolor="#FFFFFF"><td width="20">&nbsp;</td><td>&pound;5k &amp; up</td></tr></table>
            """
        let form = try #require(FormNotification(html: html))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "jane@x.example")
        #expect(form.extraFields.map(\.name) == ["Budget"])
    }

    @Test("label and value cells, question-worded labels, a heading row skipped")
    func twoColumns() throws {
        let html = """
            <table><tr><th>Question</th><th>Answer</th></tr>
            <tr><td><b>What's your email address?</b></td><td>li@x.example</td></tr>
            <tr><td>Your name</td><td>Li Wei</td></tr><tr><td>Colour</td><td>Blue</td></tr></table>
            """
        let form = try #require(FormNotification(html: html))
        #expect(form.value(.email) == "li@x.example")
        #expect(form.value(.name) == "Li Wei")
        #expect(form.extraFields == [FormField(name: "Colour", value: "Blue")])
    }

    @Test("a table that is not a form is not read as one")
    func notAForm() {
        #expect(FormNotification(html: "<table><tr><td>Price</td><td>£10</td></tr></table>") == nil)
    }

    @Test("Typeform and HubSpot: a label paragraph, then the answer")
    func labelledParagraphs() throws {
        let text = """
            Your typeform Contact Acme has a new response:

            What's your name?
            Jane Okafor

            And your email address?
            jane@x.example

            How can we help?
            Ten sensors please.
            """
        let form = try #require(FormNotification(labelledParagraphs: text))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "jane@x.example")
        #expect(form.value(.message) == "Ten sensors please.")
        #expect(FormNotification(labelledParagraphs: "Hello,\nI need sensors.\n\nThanks\nJane") == nil)
    }

    @Test("Contact Form 7's default mail: From: Name <address>, Message Body:")
    func contactForm7() throws {
        let text = """
            From: Jane Okafor <jane@x.example>
            Subject: Sensors

            Message Body:
            Ten sensors please.

            --\u{20}
            This e-mail was sent from a contact form on Acme (https://www.acme.example)
            """
        let form = try #require(FormNotification(text: text))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "jane@x.example")
        #expect(form.value(.message)?.hasPrefix("Ten sensors please.") == true)
        #expect(
            FormNotification(text: "From: Jane <jane@x.example>\nSubject: hi\n\nMessage: hello") == nil,
            "without the Contact Form 7 footer a From line is not a form field")
    }

    @Test("labels and answers on lines of their own in a form's HTML: <dt>/<dd>, <strong>Label</strong><br>answer")
    func labelledLinesOfHTML() throws {
        let definitions = """
            <dl><dt>Name</dt><dd>Jane Okafor</dd><dt>Email</dt><dd>jane@x.example</dd>
            <dt>Telephone</dt><dd>+44 20 7946 0321</dd><dt>Organisation</dt><dd>Brightwater Ltd</dd>
            <dt>Your message</dt><dd>Ten sensors please.<br>Delivery to Leeds.</dd></dl>
            """
        let form = try #require(FormNotification(labelledLines: HTMLText.plainText(fromHTML: definitions)))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "jane@x.example")
        #expect(form.value(.phone) == "+44 20 7946 0321")
        #expect(form.value(.company) == "Brightwater Ltd")
        #expect(form.value(.message) == "Ten sensors please.\nDelivery to Leeds.")

        let paragraphs = """
            <p><strong>Vorname Nachname</strong><br>Jörg Weiß</p><p><strong>E-Mail</strong><br>jw@x.example</p>
            <p><strong>Firma</strong><br>Weiß Kältetechnik GmbH</p><p><strong>Nachricht</strong><br>Bitte ein Angebot.</p>
            """
        let german = try #require(FormNotification(labelledLines: HTMLText.plainText(fromHTML: paragraphs)))
        #expect(german.name == "Jörg Weiß")
        #expect(german.value(.company) == "Weiß Kältetechnik GmbH")
        #expect(FormNotification(labelledLines: "Hello,\nI need sensors.\nThanks\nJane") == nil)
    }

    @Test("Label - value lines, when the label is a standard field's")
    func dashedLines() throws {
        let form = try #require(
            FormNotification(text: "Name - Jane Okafor\nEmail - jane@x.example\nMessage - Ten sensors - soon"))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "jane@x.example")
        #expect(form.value(.message) == "Ten sensors - soon")
        #expect(FormNotification(text: "Sensors - we need ten\nDelivery - next week") == nil)
    }

    @Test("a website's form whose text part is a stub is read from its HTML; a person's HTML is not")
    func stubTextPart() throws {
        let policy = ReplyPolicy(
            ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"], formSenders: ["forms@acme.example"])
        let extractor = EnquiryExtractor(classifier: SourceClassifier(rules: []), policy: policy)
        func message(from: String) throws -> Message {
            try MessageParser().parse(
                Array(
                    """
                    From: \(from)
                    To: sales@acme.example
                    Subject: New form entry
                    Date: Mon, 7 Dec 2026 10:00:00 +0000
                    MIME-Version: 1.0
                    Content-Type: multipart/alternative; boundary="b"

                    --b
                    Content-Type: text/plain

                    This message is in HTML. Please use an HTML-capable mail reader.
                    --b
                    Content-Type: text/html

                    <html><body><dl><dt>Full Name</dt><dd>Jane Okafor</dd><dt>Email Address</dt>
                    <dd>jane@x.example</dd><dt>Enquiry</dt><dd>Ten sensors please.</dd></dl></body></html>
                    --b--

                    """.utf8))
        }
        let enquiry = try #require(extractor.enquiries(from: message(from: "Acme Website <forms@acme.example>")).first)
        #expect(enquiry.contact.email == "jane@x.example")
        #expect(enquiry.contact.name == "Jane Okafor")
        #expect(enquiry.text == "Ten sensors please.")
        let person = extractor.enquiries(from: try message(from: "Tom Becker <tom@hoya.example>")).first
        #expect(person?.contact.email == "tom@hoya.example")
    }

    @Test("a form builder's default label for the text area (Zoho's \"Multi Line\") and \"Label : value\" lines")
    func zohoForms() throws {
        let text = """
            Hi,

            You have received a new entry for the form Contact Us.

            Name : Siegried Binner
            Email : siegried.binner@junck.example
            Phone : 01618 348708
            Multi Line : Hello, we are looking for 73 gear motors for a packaging line. Could you send us a quote?

            Regards,
            Zoho Forms
            """
        let form = try #require(FormNotification(text: text))
        #expect(form.name == "Siegried Binner")
        #expect(form.value(.phone) == "01618 348708")
        // The enquiry is the text area's words without the service's sign-off after them.
        #expect(
            EnquiryText.enquiry(in: try #require(form.value(.message)))
                == "Hello, we are looking for 73 gear motors for a packaging line. Could you send us a quote?")
        for label in ["Paragraph Text", "Comment or Message", "Mensagem", "Üzenet", "Opmerkingen"] {
            #expect(FormNotification.StandardField.from(key: label) == .message, "\(label)")
        }
    }

    @Test("the service's link below the message (\"View Entry\") is not the enquirer's, in any layout")
    func footerInHTMLLayouts() throws {
        let html = """
            <div class="cog-field"><div class="cog-label"><b>Name</b></div><div>Anita Svensson</div></div>
            <div class="cog-field"><div class="cog-label"><b>Email</b></div><div>anita@andreasson.example</div></div>
            <div class="cog-field"><div class="cog-label"><b>Message</b></div>
            <div>We need 19 bearings as spare parts.</div></div>
            <p><a href="https://www.cognitoforms.example/acme/entries">View Entry</a></p>
            """
        let form = try #require(EnquiryExtractor.formInHTMLText(html))
        #expect(form.value(.message) == "We need 19 bearings as spare parts.")
    }

    @Test("a one-line message is no signature: \"as\" (Norway's legal form) in a sentence names no company")
    func sentenceIsNoCompany() throws {
        let policy = ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"])
        let extractor = EnquiryExtractor(classifier: SourceClassifier(rules: []), policy: policy)
        func enquiry(_ body: String, from: String = "WordPress <wordpress@acme.example>") throws -> Enquiry {
            let raw = """
                From: \(from)
                Reply-To: Anita Svensson <anita@andreasson.example>
                To: sales@acme.example
                Subject: New message
                Date: Mon, 7 Dec 2026 10:00:00 +0000

                \(body)

                """
            return try #require(extractor.enquiries(from: try MessageParser().parse(Array(raw.utf8))).first)
        }
        let form = try enquiry(
            "Name: Anita Svensson\nEmail: anita@andreasson.example\n"
                + "Message: We need 25 gear motors as spare parts. Are they in stock, and what would they cost?")
        #expect(form.contact.company == nil)
        let direct = try enquiry(
            "We need 25 gear motors as spare parts. Are they in stock, and what would they cost?",
            from: "Anita Svensson <anita@andreasson.example>")
        #expect(direct.contact.company == nil)
        // A form's message signed with the company still names it.
        let signed = try enquiry(
            "Name: Anita Svensson\nEmail: anita@andreasson.example\n"
                + "Message: We need 25 gear motors.\n\nKind regards,\nAnita Svensson\nAndreasson Maskin AB")
        #expect(signed.contact.company == "Andreasson Maskin AB")
    }
}
