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
}
