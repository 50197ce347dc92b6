import Foundation
import Testing

@testable import Templates

@Suite struct HTMLTemplateTests {
    static let context = TemplateContext([
        "firstName": "Zoë", "company": "Smith & Sons <Ltd>", "ourWebsite": "https://acme.example",
        "senderName": "Priya", "enquiryExcerpt": "<script>alert(1)</script>",
    ])

    @Test("an HTML-only template (settings at the top of the .html.mustache) gets a text part made from its HTML")
    func htmlOnlyGetsText() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("partials/signature.html.mustache", "<p>Best regards,<br>{{senderName}}</p>")
        try folder.write(
            "offer.html.mustache",
            """
            ---
            subject: Your offer, {{firstName}}
            sources: [offer]
            ---
            <html><head><style>p { color: red; }</style></head><body>
            <table><tr><td><p>Hi {{firstName}},</p>
            <p>Thanks for writing on behalf of {{company}}. You wrote: {{enquiryExcerpt}}</p>
            <p>See <a href="{{ourWebsite}}">our website</a> or <a href="{{ourWebsite}}">{{ourWebsite}}</a>.</p>
            {{> signature}}</td></tr></table></body></html>
            """)
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.template(named: "offer"))
        #expect(template.hasHTML && template.file.hasSuffix("offer.html.mustache"))
        let reply = try library.render(template, context: Self.context)
        #expect(reply.subject == "Your offer, Zoë")
        let html = try #require(reply.html)
        #expect(html.contains("Smith &amp; Sons &lt;Ltd&gt;") && html.contains("&lt;script&gt;"))
        #expect(
            reply.text == """
                Hi Zoë,

                Thanks for writing on behalf of Smith & Sons <Ltd>. You wrote: <script>alert(1)</script>

                See our website (https://acme.example) or https://acme.example.

                Best regards,
                Priya

                """)
    }

    @Test("an HTML-only template is checked as HTML: three braces are refused, with the file line")
    func htmlOnlyIsCheckedAsHTML() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("offer.html.mustache", "---\nsubject: Hi\nsources: [offer]\n---\n<p>{{{company}}}</p>\n")
        #expect(
            folder.problems().first?.hasPrefix("offer.html.mustache:5:4: 'company' is inserted without HTML") == true)
    }

    @Test("an HTML file with neither settings nor a text sibling says both ways out")
    func orphanHTML() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("offer.html.mustache", "<p>Hi</p>\n")
        #expect(
            folder.problems() == [
                "offer.html.mustache:1:1: this HTML body has no offer.mustache next to it; create that file, or make "
                    + "this an HTML-only template by starting it with the settings between two '---' lines"
            ])
    }

    @Test("settings in the HTML sibling of a text template are reported: they belong in the text file")
    func settingsInSibling() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("offer.mustache", "---\nsubject: Hi\nsources: [offer]\n---\nHi\n")
        try folder.write("offer.html.mustache", "---\nsubject: Hi\n---\n<p>Hi</p>\n")
        #expect(folder.problems().contains { $0.hasPrefix("offer.html.mustache:1:1: the settings belong in ") })
    }

    @Test("notifications/ templates load without sources and are never chosen for an enquiry")
    func notifications() throws {
        let folder = try TemplateFolder.withDefault()
        try FileManager.default.createDirectory(
            atPath: folder.path + "/notifications", withIntermediateDirectories: true)
        try folder.write("notifications/new-lead.mustache", "---\nsubject: New lead {{leadNumber}}\n---\n{{email}}\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        let notice = try #require(library.notification(named: "new-lead"))
        #expect(notice.name == "notifications/new-lead")
        #expect(library.choose(source: "new-lead", campaign: nil)?.name == "default")
        let rendered = try library.render(
            notice, context: TemplateContext(["leadNumber": "L3", "email": "a@b.example"]))
        #expect(rendered.subject == "New lead L3" && rendered.text == "a@b.example\n")
        try folder.write("notifications/new-lead.mustache", "---\nsubject: New lead {{leadNumbr}}\n---\nHi\n")
        #expect(folder.problems().first?.contains("unknown variable 'leadNumbr'; did you mean 'leadNumber'?") == true)
    }
}
