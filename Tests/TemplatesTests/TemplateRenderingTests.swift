import Templates
import Testing

@Suite struct TemplateRenderingTests {
    static let lead = TemplateContext([
        "firstName": "Zoë",
        "name": "Zoë O'Brien-Łukasik",
        "email": "zoe@example.co.uk",
        "company": "Smith & Sons <Ltd>",
        "leadNumber": "L17",
        "enquirySubject": "Quote for 40× PT100 probes\r\nBcc: victim@example.com",
        "enquiryExcerpt": "Need <b>IP67</b> & ATEX \"zone 1\"",
        "senderName": "Priya Natarajan",
        "ourCompany": "Acme Industrial Sensors",
        "phone": "",
    ])

    static func folder() throws -> TemplateFolder {
        let folder = try TemplateFolder.withDefault()
        try folder.write(
            "web-form.mustache",
            """
            ---
            subject: "  Re: {{enquirySubject}}
              [{{leadNumber}}]  "
            sources: [web-form]
            replyTo: Acme Sales <sales@acme.example>
            ---

            Hi {{firstName}},
            {{#company}}
            Thanks for writing on behalf of {{company}}.
            {{/company}}
            {{#phone}}We will call you on {{phone}}.{{/phone}}
            {{^ownerName}}An engineer will reply soon.{{/ownerName}}
            You wrote: {{enquiryExcerpt}}

            {{> signature}}

            """)
        try folder.write(
            "web-form.html.mustache",
            """
            <table style="font-family:Arial"><tr><td>Hi {{firstName}}, you wrote: {{enquiryExcerpt}}</td></tr>
            <tr><td>{{#company}}Company: {{company}}{{/company}}</td></tr></table>
            {{> signature}}
            """)
        try folder.write("partials/signature.html.mustache", "<p>{{senderName}}, {{ourCompany}}</p>\n")
        return folder
    }

    @Test("the text body has values verbatim, sections follow empty and missing values")
    func rendersText() throws {
        let folder = try Self.folder()
        try folder.write("web-form.html.mustache", "<p>Hi {{firstName}}</p>\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.choose(source: "web-form", campaign: nil))
        let reply = try library.render(template, context: Self.lead)
        #expect(reply.templateName == "web-form")
        #expect(
            reply.text == """
                Hi Zoë,
                Thanks for writing on behalf of Smith & Sons <Ltd>.

                An engineer will reply soon.
                You wrote: Need <b>IP67</b> & ATEX "zone 1"

                Best regards,
                Priya Natarajan

                """)
        #expect(reply.replyTo == "Acme Sales <sales@acme.example>")
        #expect(reply.from == nil)
    }

    @Test("the subject is one trimmed line, so a value cannot add header lines")
    func rendersSubjectOnOneLine() throws {
        let folder = try Self.folder()
        try folder.write("web-form.html.mustache", "<p>Hi</p>\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.choose(source: "web-form", campaign: nil))
        let reply = try library.render(template, context: Self.lead)
        #expect(reply.subject == "Re: Quote for 40× PT100 probes Bcc: victim@example.com [L17]")
    }

    @Test("the HTML body escapes values and uses the HTML variant of a partial")
    func rendersEscapedHTML() throws {
        let folder = try Self.folder()
        try folder.remove("web-form.html.mustache")
        try folder.write(
            "web-form.html.mustache",
            """
            <p>Hi {{firstName}}, you wrote: {{enquiryExcerpt}}</p>
            {{#company}}<p>Company: {{company}}</p>{{/company}}
            {{> signature}}
            """)
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.choose(source: "web-form", campaign: nil))
        let reply = try library.render(template, context: Self.lead)
        #expect(
            reply.html == """
                <p>Hi Zoë, you wrote: Need &lt;b&gt;IP67&lt;/b&gt; &amp; ATEX &quot;zone 1&quot;</p>
                <p>Company: Smith &amp; Sons &lt;Ltd&gt;</p>
                <p>Priya Natarajan, Acme Industrial Sensors</p>
                """ + "\n")
        #expect(reply.html?.hasSuffix("</p>\n") == true)
        #expect(reply.text.contains("Smith & Sons <Ltd>"))
    }

    @Test("a template without an HTML sibling renders text only")
    func rendersWithoutHTML() throws {
        let folder = try TemplateFolder.withDefault()
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.choose(source: "email", campaign: nil))
        let reply = try library.render(template, context: Self.lead)
        #expect(reply.html == nil)
        #expect(reply.subject == "Re: Quote for 40× PT100 probes Bcc: victim@example.com")
        #expect(
            reply.text == """
                Hello Zoë,

                Thanks for writing to Acme Industrial Sensors.

                Best regards,
                Priya Natarajan

                """)
    }

    @Test("{{.}} in a section, a triple mustache and a name inside its own section render the value itself")
    func rendersCurrentValueAndUnescaped() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write(
            "web-form.mustache",
            """
            ---
            subject: "Re: {{#enquirySubject}}{{.}}{{/enquirySubject}}"
            sources: [web-form]
            ---
            {{#company}}For {{.}} ({{company}}).{{/company}}{{^phone}} No phone.{{/phone}}
            {{#firstName}}Hi {{firstName}}, {{{enquiryExcerpt}}}{{/firstName}}

            """)
        try folder.write("web-form.html.mustache", "<p>{{#company}}{{.}}{{/company}}</p>\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.choose(source: "web-form", campaign: nil))
        let reply = try library.render(template, context: Self.lead)
        #expect(
            reply.text == """
                For Smith & Sons <Ltd> (Smith & Sons <Ltd>). No phone.
                Hi Zoë, Need <b>IP67</b> & ATEX "zone 1"

                """)
        #expect(reply.html == "<p>Smith &amp; Sons &lt;Ltd&gt;</p>\n")
        #expect(reply.subject == "Re: Quote for 40× PT100 probes Bcc: victim@example.com")
    }

    @Test("a template from another library is refused with a problem naming it")
    func refusesForeignTemplate() throws {
        let other = try Self.folder()
        try other.write("web-form.html.mustache", "<p>Hi</p>\n")
        let otherLibrary = try TemplateLibrary.load(directory: other.path)
        let foreign = try #require(otherLibrary.choose(source: "web-form", campaign: nil))
        let folder = try TemplateFolder.withDefault()
        let library = try TemplateLibrary.load(directory: folder.path)
        #expect(throws: TemplateProblem.self) { try library.render(foreign, context: Self.lead) }
    }
}
