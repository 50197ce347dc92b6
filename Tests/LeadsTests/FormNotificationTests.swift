import Testing

@testable import Leads

@Suite("Web-form notification bodies")
struct FormNotificationTests {
    @Test("reads the standard fields in any case and order, and keeps a multi-line message whole")
    func standardFields() throws {
        let body = """
            You have a new submission from the Contact form on acme.example.

            COMPANY: Brightwater Utilities Ltd
            email: j.okafor@brightwater.example
            Name: Jane Okafor
            Phone: +44 161 496 0753
            Message: We are replacing the level sensors in 14 pumping stations next spring.
            Could you send a datasheet for the LS-400 and a price for 60 units?

            Thanks
            Country: United Kingdom
            How did you hear about us?: Trade press
            """
        let form = try #require(FormNotification(text: body))
        #expect(form.name == "Jane Okafor")
        #expect(form.value(.email) == "j.okafor@brightwater.example")
        #expect(form.value(.phone) == "+44 161 496 0753")
        #expect(form.value(.company) == "Brightwater Utilities Ltd")
        #expect(
            form.value(.message) == """
                We are replacing the level sensors in 14 pumping stations next spring.
                Could you send a datasheet for the LS-400 and a price for 60 units?

                Thanks
                """)
        #expect(
            form.extraFields == [
                FormField(name: "Country", value: "United Kingdom"),
                FormField(name: "How did you hear about us?", value: "Trade press"),
            ])
    }

    @Test("lowercase keys: every key after a one-line field starts a new field")
    func lowercaseKeys() throws {
        let form = try #require(
            FormNotification(
                text: """
                    phone: 020 7946 0877
                    country: United Kingdom
                    how did you hear about us?: LinkedIn
                    email: a@b.example
                    message: Hi there,
                    note: we need 14 loggers.
                    """))
        #expect(form.value(.phone) == "020 7946 0877")
        #expect(form.extraFields.first == FormField(name: "country", value: "United Kingdom"))
        #expect(form.value(.message) == "Hi there,\nnote: we need 14 loggers.")
    }

    @Test("joins split first and last name fields")
    func splitName() throws {
        let form = try #require(FormNotification(text: "First Name: Lukas\nLast Name: Brandt\nE-mail: lb@x.example\n"))
        #expect(form.name == "Lukas Brandt")
        #expect(form.value(.email) == "lb@x.example")
    }

    @Test(
        "a normal letter with a colon or two is not a form",
        arguments: [
            "Hi,\n\nWe need sensors. Note: urgent.\n\nRegards, Tom",
            "Dear team,\nSubject: pumps\nThanks",
            "",
        ])
    func notAForm(body: String) {
        #expect(FormNotification(text: body) == nil)
    }

    /// Labels are matched whole, with "Your", "(required)" and stars around them; a line of prose as long as any
    /// such label can be is turned away on its length before it is folded and looked up.
    @Test(
        "labels with their decorations are fields; prose lines are not",
        arguments: [
            ("E-mail", FormNotification.StandardField.email),
            ("*Your E-mail address (required)*", .email),
            ("YOUR COMPANY / ORGANISATION ****", .company),
            ("Numéro de téléphone (required) * * *", .phone),
        ] as [(String, FormNotification.StandardField)])
    func labelDecorations(label: String, field: FormNotification.StandardField) {
        #expect(FormNotification.StandardField.from(key: label) == field)
        #expect(label.utf8.count <= FormNotification.StandardField.longestLabel)
    }

    @Test("a long first line of prose is no label")
    func proseIsNoLabel() {
        let prose = String(repeating: "We would like a quote for forty level sensors, delivered to Leeds. ", count: 3)
        #expect(FormNotification.StandardField.from(key: prose) == nil)
    }

    @Test(
        "what a form service writes below the message is not the enquirer's: rules, times, 'Sent via', notices",
        arguments: [
            "Message: Please quote 12 flow meters.\nWe need them by March.\n\n---\n\nDate: November 23, 2026\nPowered by: Elementor",
            "message:\nPlease quote 12 flow meters.\nWe need them by March.\n\nSubmitted 10:41 AM - 23 November 2026\n\nYou are receiving this because you confirmed this email address on Formspree.",
            "Message: Please quote 12 flow meters.\nWe need them by March.\n\n(Sent via Acme Sensors)",
        ])
    func serviceFooters(message: String) throws {
        let form = try #require(
            FormNotification(text: "Name: Jane Okafor\nEmail: jane@brightwater.example\n" + message))
        #expect(form.value(.message) == "Please quote 12 flow meters.\nWe need them by March.")
    }

    @Test("a time in the message is no label, and the enquirer's own rule and words after it stay")
    func timesAndRulesInTheMessage() throws {
        let form = try #require(
            FormNotification(
                text: "Name: Jane Okafor\nEmail: jane@brightwater.example\nMessage: Call me after 14:30 please.\n"
                    + "---\nThe same again for our second site."))
        #expect(form.value(.message) == "Call me after 14:30 please.\n---\nThe same again for our second site.")
    }
}
