import Foundation
import HummingbirdTesting
import LeadDesk
import Leads
import TestSupport
import Testing

/// Writing to a lead from the lead page: a reply template rendered for this lead by the core (the templates
/// intake answers with) or free text, a preview of the mail as it will be queued, then the outbox, logged.
@Suite("Web: write to the lead")
struct WriteToLeadTests {
    @Test("a template rendered for this lead, previewed, sent through the outbox and logged on the lead")
    func fromTemplate() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead("jo@northbrew.example", owner: "anna@acme.example", name: "Jo Brewer")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let leadPage = String(buffer: try await browser.get(client, "/leads/\(id)").body)
            #expect(leadPage.contains(#"action="/leads/\#(id)/write""#))
            #expect(leadPage.contains("<option>web-form</option>"), "the reply templates are offered")

            let draft = try await browser.get(client, "/leads/\(id)/write?template=web-form")
            #expect(draft.status == .ok)
            let html = String(buffer: draft.body)
            // Rendered for this lead by the same template intake uses: its name, number, words and owner.
            #expect(html.contains("Thanks for your enquiry, Jo (L\(id))"), "\(html.prefix(2000))")
            #expect(html.contains("We need 60 level sensors for the brewery"))
            #expect(html.contains("Anna Baker (anna@acme.example) looks after your enquiry"))
            let subject = "Thanks for your enquiry, Jo (L\(id))"
            let text = try #require(Self.textarea(in: html))
            #expect(text.contains("Hi Jo,"))

            let preview = try await browser.post(
                client, "/leads/\(id)/write", [("subject", subject), ("text", text), ("do", "preview")])
            #expect(preview.status == .ok)
            let previewHTML = String(buffer: preview.body)
            #expect(previewHTML.contains("id=\"letter-preview\""))
            #expect(previewHTML.contains("Anna Baker, Acme Sensors"), "from the writer at the sales address")
            #expect(previewHTML.contains("[#L\(id)]"), "the subject as it will be sent, with the lead's token")
            #expect(previewHTML.contains("value=\"send\""))
            let before = try await fixture.desk.lead(id, by: TestUsers.admin)
            #expect(!before.communications.contains { $0.kind == .personal }, "a preview queues nothing")

            let sent = try await browser.post(
                client, "/leads/\(id)/write", [("subject", subject), ("text", text), ("do", "send")])
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/leads/\(id)#timeline")
            let after = try await fixture.desk.lead(id, by: TestUsers.admin)
            let letter = try #require(after.communications.last { $0.kind == .personal })
            #expect(letter.direction == .outbound && letter.text.contains("Hi Jo,"))
            #expect(letter.subject == "\(subject) [#L\(id)]")
            #expect(after.events.contains { $0.by == "anna@acme.example" && $0.text.hasPrefix("wrote to jo@") })
            let timeline = String(buffer: try await browser.get(client, "/leads/\(id)").body)
            #expect(timeline.contains("Letter from us"), "the letter and its outbox state are on the timeline")
        }
    }

    @Test("free text; an empty letter, an unknown template or someone else's lead are refused, nothing queued")
    func refusals() async throws {
        let fixture = try await WebFixture()
        let own = try fixture.lead("jo@northbrew.example", owner: "anna@acme.example")
        let others = try fixture.lead("hans@brauerei.example", owner: "dieter@acme.example", team: "dach")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let blank = String(buffer: try await browser.get(client, "/leads/\(own)/write").body)
            #expect(blank.contains(#"value="Re: Level sensors""#), "free text answers the enquiry's subject")
            let empty = try await browser.post(
                client, "/leads/\(own)/write", [("subject", "Hello"), ("text", "  "), ("do", "send")])
            #expect(empty.status == .badRequest)
            #expect(String(buffer: empty.body).contains("needs a subject and some text"))
            let unknown = try await browser.get(client, "/leads/\(own)/write?template=no-such")
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("There is no reply template"))
            for path in ["/leads/\(others)/write", "/leads/\(others)/write?template=web-form"] {
                #expect(try await browser.get(client, path).status == .forbidden, "\(path)")
            }
            let foreign = try await browser.post(
                client, "/leads/\(others)/write", [("subject", "Hi"), ("text", "Hello"), ("do", "send")])
            #expect(foreign.status == .forbidden)
        }
        for id in [own, others] {
            let detail = try await fixture.desk.lead(id, by: TestUsers.admin)
            #expect(!detail.communications.contains { $0.kind == .personal })
        }
    }

    @Test("a hostile name rendered into a template stays text in the editor and the preview")
    func hostileName() async throws {
        let fixture = try await WebFixture()
        let name = "Jo</textarea><script>alert(1)</script>"
        let id = try fixture.lead("jo@evil.example", owner: "anna@acme.example", name: name)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let html = String(buffer: try await browser.get(client, "/leads/\(id)/write?template=web-form").body)
            HostileMailTests.expectInert(html, "write")
            #expect(html.contains("Jo&lt;/textarea&gt;&lt;script&gt;"))
            let text = try #require(Self.textarea(in: html))
            let preview = try await browser.post(
                client, "/leads/\(id)/write", [("subject", "Hi"), ("text", text), ("do", "preview")])
            HostileMailTests.expectInert(String(buffer: preview.body), "preview")
        }
    }

    /// The text area's content as the browser would submit it (the page's entities decoded).
    static func textarea(in html: String) -> String? {
        guard let start = html.range(of: #"<textarea name="text" rows="16" required>"#),
            let end = html.range(of: "</textarea>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
