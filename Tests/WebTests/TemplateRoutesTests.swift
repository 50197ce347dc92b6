import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import Templates
import TestSupport
import Testing

/// Marketing's template pages through their routes: the list, the check as one types (JSON), saves refused with
/// the check's messages or kept as versions, restoring, previews in a sandboxed frame, which template an email
/// gets, and a test sent to oneself through the outbox.
@Suite("Web: templates in the browser")
struct TemplateRoutesTests {
    static let file = "web-form.mustache"

    @Test("the list shows each reply's sources and languages, and links to its editor")
    func list() async throws {
        let fixture = try await MarketingFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.get(client, "/templates")
            let html = String(buffer: response.body)
            #expect(response.status == .ok)
            #expect(html.contains("href=\"/templates/edit?name=web-form.de.mustache\""), "\(html.prefix(600))")
            #expect(html.contains("<td>web-form</td><td></td><td>de</td>"))
            #expect(html.contains("notifications/new-lead.mustache"))
            #expect(html.contains("href=\"/templates\""), "the nav offers Templates to marketing")
        }
    }

    @Test("the check endpoint gives line, column and the messages of templates check; nothing is written")
    func liveCheck() async throws {
        let fixture = try await MarketingFixture()
        let original = try fixture.desk.templateText(Self.file, by: TestUsers.marketing)
        let broken = original.replacingOccurrences(of: "Hi {{#firstName}}", with: "Hi {{#frstName}")
        let expected = try fixture.desk.checkTemplate(Self.file, text: broken, by: TestUsers.marketing)
        #expect(!expected.isEmpty)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.post(client, "/templates/check", [("name", Self.file), ("text", broken)])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let problems = try #require(json?["problems"] as? [[String: Any]])
            #expect(problems.map { $0["message"] as? String } == expected.map(\.message))
            #expect(problems.first?["line"] as? Int == 7, "the line of the broken tag: \(problems)")
            #expect(problems.first?["column"] as? Int != nil)
            let clean = try await browser.post(client, "/templates/check", [("name", Self.file), ("text", original)])
            #expect(String(buffer: clean.body) == #"{"problems":[]}"#)
        }
        #expect(try fixture.desk.templateText(Self.file, by: TestUsers.marketing) == original)
    }

    @Test("a broken save is refused with its messages and the file untouched; a good one is a version to restore")
    func saveAndRestore() async throws {
        let fixture = try await MarketingFixture()
        let original = try fixture.desk.templateText(Self.file, by: TestUsers.marketing)
        let broken = original.replacingOccurrences(of: "Hi {{#firstName}}", with: "Hi {{#frstName}")
        let edited = original.replacingOccurrences(of: "Thanks for filling in", with: "Thank you for filling in")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let refused = try await browser.post(
                client, "/templates/edit", [("name", Self.file), ("text", broken), ("do", "save")])
            let html = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            #expect(html.contains("data-line=\"7\""), "\(html)")
            #expect(html.contains("frstName"), "the text typed stays in the editor")
            #expect(try fixture.desk.templateText(Self.file, by: TestUsers.marketing) == original)

            let saved = try await browser.post(
                client, "/templates/edit", [("name", Self.file), ("text", edited), ("do", "save")])
            #expect(saved.status == .seeOther)
            #expect(try fixture.desk.templateText(Self.file, by: TestUsers.marketing) == edited)
            let page = String(buffer: try await browser.get(client, saved.headers[.location] ?? "").body)
            #expect(page.contains("by mark@acme.example"), "the version names its author")
            #expect(page.contains("before LeadMail kept versions"), "and the text it replaced is kept")

            let versions = try fixture.desk.templateVersions(Self.file, by: TestUsers.marketing)
            let earlier = try #require(versions.last)
            let shown = try await browser.get(
                client,
                "/templates/edit?name=\(Self.file)&version=\(earlier.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            )
            #expect(String(buffer: shown.body).contains("Restore this version"))
            let restored = try await browser.post(
                client, "/templates/restore", [("name", Self.file), ("version", earlier.id)])
            #expect(restored.status == .seeOther)
            #expect(try fixture.desk.templateText(Self.file, by: TestUsers.marketing) == original)
        }
    }

    @Test("a preview for a lead shows the HTML only in a sandboxed frame, escaped, and the text beside it")
    func previewForLead() async throws {
        let fixture = try await MarketingFixture()
        let lead = try fixture.base.lead(
            "jo@brewery.example", name: "Jo <script>alert(1)</script>", subject: "Website enquiry")
        let text = try fixture.desk.templateText(Self.file, by: TestUsers.marketing)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.post(
                client, "/templates/edit",
                [("name", Self.file), ("text", text), ("do", "preview"), ("lead", "L\(lead)")])
            let html = String(buffer: response.body)
            #expect(response.status == .ok, "\(html.prefix(500))")
            #expect(
                html.contains(
                    "<iframe class=\"html-preview\" id=\"html-preview\" title=\"The HTML part\" sandbox=\"\" srcdoc=\"")
            )
            #expect(!html.contains("<script>alert(1)"), "the stranger's name never reaches the page as markup")
            #expect(html.contains("id=\"text-preview\">Hi Jo"), "\(html)")
            #expect(html.contains("jo@brewery.example"))
        }
    }

    @Test("which template a pasted email gets, with why; and a preview for it")
    func whichTemplate() async throws {
        let fixture = try await MarketingFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.post(client, "/templates/which", [("email", MarketingFixture.enquiry())])
            let html = String(buffer: response.body)
            #expect(response.status == .ok, "\(html.prefix(500))")
            #expect(html.contains("<dd class=\"source\">web-form</dd>"), "\(html)")
            #expect(html.contains("<dd class=\"campaign\">expo-2026</dd>"))
            #expect(html.contains("<dd class=\"template\">web-form</dd>"))
            #expect(html.contains("it answers its source"))
            let german = try await browser.post(
                client, "/templates/which",
                [
                    (
                        "email",
                        MarketingFixture.enquiry(
                            text:
                                "Wir brauchen 60 Füllstandssensoren für unsere Brauerei, bitte schicken Sie uns ein Angebot."
                        )
                    )
                ])
            #expect(String(buffer: german.body).contains("<dd class=\"template\">web-form.de</dd>"))
            let text = try fixture.desk.templateText(Self.file, by: TestUsers.marketing)
            let preview = try await browser.post(
                client, "/templates/edit",
                [("name", Self.file), ("text", text), ("do", "preview"), ("email", MarketingFixture.enquiry())])
            #expect(String(buffer: preview.body).contains("id=\"text-preview\">Hi Jo"))
        }
    }

    @Test("send a test to me: rendered for the lead, queued to the marketer's own address, never the lead's")
    func sendTest() async throws {
        let fixture = try await MarketingFixture()
        let lead = try fixture.base.lead("jo@brewery.example", name: "Jo Buyer", subject: "Website enquiry")
        let text = try fixture.desk.templateText(Self.file, by: TestUsers.marketing)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.post(
                client, "/templates/edit",
                [("name", Self.file), ("text", text), ("do", "test"), ("lead", String(lead))])
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("A test was queued to mark@acme.example"))
        }
        let queued = try await fixture.desk.records.read { tx in try tx.outboxEntries(includeSent: true) }
        let test = try #require(queued.first { $0.item.mail.subject.hasPrefix("[Test] ") })
        #expect(test.item.mail.recipients == ["mark@acme.example"])
        #expect(test.item.mail.subject.contains("Jo"))
        #expect(!queued.contains { $0.item.mail.recipients.contains("jo@brewery.example") })
    }

    @Test(
        "a file name that leaves the folder is refused and nothing is written",
        arguments: ["../leadmail.yml", "/etc/passwd", "partials/../../x.mustache"])
    func hostileName(_ name: String) async throws {
        let fixture = try await MarketingFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.marketing)
            let response = try await browser.post(
                client, "/templates/edit", [("name", name), ("text", "---\nsubject: x\n---\nhi\n"), ("do", "save")])
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("is not a template file name"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.path + "/../x.mustache"))
    }
}
