import Foundation
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// The leads list's views: unread leads for their owner, the system views, saved views of one's own, columns to
/// choose, and the view as CSV.
@Suite("Web: unread leads, views, columns, CSV")
struct ListViewsTests {
    @Test("a lead is unread for its owner until the owner opens it; a new owner starts unread")
    func unread() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead("jo@northbrew.example", owner: "anna@acme.example", name: "Jo Brewer")
        let other = try fixture.lead("lars@fjord.example", owner: "anna@acme.example", name: "Lars Fjord")
        try await fixture.test { client in
            var root = try await Browser.signedIn(client, as: TestUsers.admin)
            _ = try await root.get(client, "/leads/\(id)")  // someone else opening it does not make it read
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let work = String(buffer: try await anna.get(client, "/").body)
            let section = try #require(
                work.components(separatedBy: "id=\"unread\"").last?
                    .components(separatedBy: "</section>").first)
            #expect(section.contains("Jo Brewer") && section.contains("Lars Fjord"))
            let view = String(buffer: try await anna.get(client, "/leads?view=unread").body)
            #expect(view.contains("Jo Brewer") && view.contains("Lars Fjord"))

            _ = try await anna.get(client, "/leads/\(id)")
            let after = String(buffer: try await anna.get(client, "/leads?view=unread").body)
            #expect(!after.contains("Jo Brewer") && after.contains("Lars Fjord"))
            let workAfter = String(buffer: try await anna.get(client, "/").body)
            #expect(!(workAfter.components(separatedBy: "id=\"unread\"").last ?? "").contains("Jo Brewer<"))
        }
        _ = try await fixture.desk.assign(id, to: "ben@acme.example", by: TestUsers.admin)
        var unread = LeadSearch(owner: "ben@acme.example")
        unread.unread = true
        #expect(try await fixture.desk.leads(unread, by: TestUsers.admin).map(\.lead.id) == [id])
        _ = other
    }

    @Test("system views: my leads, converted, rejected; columns to choose")
    func systemViewsAndColumns() async throws {
        let fixture = try await WebFixture()
        let won = try fixture.lead("won@brewery.example", owner: "anna@acme.example", name: "Won Brewery")
        let lost = try fixture.lead("lost@dairy.example", owner: "anna@acme.example", name: "Lost Dairy")
        try fixture.lead("open@plant.example", owner: "anna@acme.example", name: "Open Plant")
        try fixture.lead("team@plant.example", name: "Nobody Yet")
        _ = try await fixture.desk.changeStatus(
            won, to: StatusChange(status: .converted, value: 12000, closeDate: "2026-12-20"), by: TestUsers.admin)
        _ = try await fixture.desk.changeStatus(
            lost, to: StatusChange(status: .rejected, reason: "no budget"), by: TestUsers.admin)
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let converted = String(buffer: try await anna.get(client, "/leads?view=converted").body)
            #expect(converted.contains("Won Brewery") && !converted.contains("Lost Dairy"))
            let rejected = String(buffer: try await anna.get(client, "/leads?view=rejected").body)
            #expect(rejected.contains("Lost Dairy") && !rejected.contains("Won Brewery"))
            let mine = String(buffer: try await anna.get(client, "/leads?view=mine").body)
            #expect(mine.contains("Open Plant") && !mine.contains("Nobody Yet"))
            let recent = String(buffer: try await anna.get(client, "/leads?view=recent").body)
            #expect(recent.contains("Open Plant") && recent.contains("Nobody Yet"))

            let chosen = String(buffer: try await anna.get(client, "/leads?cols=email&cols=value").body)
            #expect(chosen.contains("<th>Email</th>") && chosen.contains("<th>Value</th>"))
            #expect(!chosen.contains("<th>Company</th>"))
            #expect(chosen.contains("<td>won@brewery.example</td>") && chosen.contains("<td>12000</td>"))
            let unknown = String(buffer: try await anna.get(client, "/leads?cols=password").body)
            #expect(unknown.contains("<th>Company</th>"), "unknown columns fall back to the standard ones")
        }
    }

    @Test("saved views are one's own: saved, listed, opened, deleted; another's cannot be deleted")
    func savedViews() async throws {
        let fixture = try await WebFixture()
        let rated = try fixture.lead("a@brewery.example", owner: "anna@acme.example", name: "Rated Brewery")
        try fixture.lead("b@dairy.example", owner: "anna@acme.example", name: "Plain Dairy")
        try await fixture.desk.rate(rated, .a, by: TestUsers.admin)
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            _ = try await anna.get(client, "/leads?rating=A&cols=name&cols=email")
            let saved = try await anna.post(
                client, "/views", [("name", "<b>Hot</b> ones"), ("query", "rating=A&cols=name&cols=email")])
            #expect(saved.status == .seeOther)
            let target = try #require(saved.headers[.location])
            #expect(target.hasPrefix("/leads?") && target.contains("rating=A"))
            let list = String(buffer: try await anna.get(client, "/leads").body)
            #expect(list.contains("&lt;b&gt;Hot&lt;/b&gt; ones"), "the name is text")
            #expect(!list.contains("<b>Hot</b>"))
            let opened = String(buffer: try await anna.get(client, target).body)
            #expect(opened.contains("Rated Brewery") && !opened.contains("Plain Dairy"))
            #expect(opened.contains("<th>Email</th>") && !opened.contains("<th>Company</th>"))

            let views = try await fixture.desk.savedViews(by: TestUsers.sales)
            let view = try #require(views.first)
            #expect(views.count == 1)
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let marys = String(buffer: try await mary.get(client, "/leads").body)
            #expect(!marys.contains("Hot"), "another person's views are not shown")
            let refused = try await mary.post(client, "/views/\(view.id)/delete", [])
            #expect(refused.status == .notFound)
            #expect(try await fixture.desk.savedViews(by: TestUsers.sales).count == 1)
            let wrongToken = try await anna.post(client, "/views/\(view.id)/delete", [], csrf: "forged")
            #expect(wrongToken.status == .forbidden)
            let deleted = try await anna.post(client, "/views/\(view.id)/delete", [])
            #expect(deleted.status == .seeOther)
            #expect(try await fixture.desk.savedViews(by: TestUsers.sales).isEmpty)
            let unnamed = try await anna.post(client, "/views", [("name", "  "), ("query", "rating=A")])
            #expect(unnamed.status == .badRequest)
        }
    }

    @Test("the view as CSV: every page, the chosen columns, formulas defused; only with the export right")
    func csv() async throws {
        let fixture = try await WebFixture()
        for number in 1...60 {
            try fixture.lead("buyer\(number)@brewery.example", owner: "anna@acme.example", name: "Buyer \(number)")
        }
        try fixture.lead(
            "evil@attacker.example", owner: "anna@acme.example", name: "=HYPERLINK(\"https://evil.example\",\"x\")")
        try fixture.lead("dieter@plant.example", owner: "dieter@acme.example", team: "dach", name: "Dieters Plant")
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            #expect(try await anna.get(client, "/leads.csv").status == .forbidden, "sales has no export right")
            let list = String(buffer: try await anna.get(client, "/leads").body)
            #expect(!list.contains("/leads.csv"), "not offered without the right")

            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let response = try await mary.get(client, "/leads.csv?sort=newest&cols=name&cols=email")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: response.body)
            let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "Lead,Name,Email")
            #expect(lines.count == 62, "61 leads in Mary's team, all pages")
            #expect(!text.contains("Dieters Plant"), "only the leads in the manager's scope")
            #expect(text.contains(#"'=HYPERLINK(""https://evil.example"",""x"")""#), "\(text.prefix(300))")
            #expect(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"))
        }
    }

    @Test("without a session the list's routes send to sign in and save nothing")
    func noSession() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            for path in ["/leads.csv", "/leads?view=unread"] {
                #expect(try await browser.get(client, path).headers[.location] == "/signin")
            }
            let post = try await browser.post(client, "/views", [("name", "x"), ("query", "")])
            #expect(post.headers[.location] == "/signin")
        }
        #expect(try await fixture.desk.savedViews(by: TestUsers.sales).isEmpty)
    }
}
