import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@Suite("Web: My work, the leads list, the lead page and the pipeline")
struct WorkspacePagesTests {
    @Test("My work: overdue tasks first, then today's; reminders due; unassigned leads; nobody else's")
    func myWork() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        let late = try fixture.lead("late@brewery.example", owner: "anna@acme.example", name: "Late Larry")
        let today = try fixture.lead("today@brewery.example", owner: "anna@acme.example", name: "Today Tina")
        let bens = try fixture.lead("ben@brewery.example", owner: "ben@acme.example", name: "Bens Buyer")
        try fixture.lead("free@brewery.example", name: "Free Fred")
        _ = try await desk.addTask(today, kind: .call, due: "2026-12-24", by: TestUsers.admin)
        _ = try await desk.addTask(late, kind: .meeting, due: "2026-12-21", by: TestUsers.admin)
        _ = try await desk.addTask(bens, kind: .call, due: "2026-12-21", by: TestUsers.admin)
        try await desk.remind(today, on: "2026-12-23", by: TestUsers.admin)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let html = String(buffer: try await browser.get(client, "/").body)
            let lateAt = try #require(html.range(of: "Late Larry"))
            let todayAt = try #require(html.range(of: "Today Tina"))
            #expect(lateAt.lowerBound < todayAt.lowerBound, "overdue first")
            #expect(html.contains("Overdue · 2026-12-21"))
            #expect(html.contains("Free Fred"))
            #expect(!html.contains("Bens Buyer"))
            let reminders = try #require(html.range(of: "id=\"reminders\""))
            #expect(html[reminders.upperBound...].contains("Today Tina"))
        }
    }

    @Test("My work shows 50 tasks at a time, overdue first, the counts of all of them in its heading")
    func myWorkPaged() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        for number in 1...54 {
            let lead = try fixture.lead(
                "late\(number)@brewery.example", owner: "anna@acme.example", name: "Late \(number)x")
            _ = try await desk.addTask(lead, kind: .call, due: "2026-12-2\(number % 3)", by: TestUsers.admin)
        }
        let today = try fixture.lead("today@brewery.example", owner: "anna@acme.example", name: "Today Tina")
        _ = try await desk.addTask(today, kind: .call, due: "2026-12-24", by: TestUsers.admin)
        let bens = try fixture.lead("ben@brewery.example", owner: "ben@acme.example", name: "Bens Buyer")
        _ = try await desk.addTask(bens, kind: .call, due: "2026-12-21", by: TestUsers.admin)
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let first = String(buffer: try await anna.get(client, "/").body)
            #expect(first.contains("Tasks due <small>54 overdue · 1 today</small>"))
            #expect(first.components(separatedBy: "<span class=\"due\">Overdue · ").count - 1 == 50)
            #expect(first.contains("Tasks 1–50 of 55"))
            #expect(first.contains("<a href=\"/?page=2\" rel=\"next\">"))
            #expect(!Self.tasks(first).contains("Today Tina"), "today's task comes after the overdue ones")
            let second = String(buffer: try await anna.get(client, "/?page=2").body)
            #expect(second.contains("Tasks due <small>54 overdue · 1 today</small>"))
            #expect(second.contains("Tasks 51–55 of 55"))
            #expect(second.components(separatedBy: "<span class=\"due\">Overdue · ").count - 1 == 4)
            #expect(Self.tasks(second).contains("Today Tina"))
            #expect(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""))
            #expect(!second.contains("Bens Buyer"))
            // A page number no one has: an empty page that says so, and no overflow of its offset.
            let far = try await anna.get(client, "/?page=99999999999999999")
            #expect(far.status == .ok)
            #expect(String(buffer: far.body).contains("No tasks on page 1000000; 55 in all"))
            #expect(try await anna.get(client, "/leads?page=99999999999999999").status == .ok)
            // A lead given to someone else takes its open task along: neither shown nor counted any more.
            _ = try await desk.assign(today, to: "ben@acme.example", by: TestUsers.admin)
            let after = String(buffer: try await anna.get(client, "/?page=2").body)
            #expect(!Self.tasks(after).contains("Today Tina"))
            #expect(after.contains("Tasks due <small>54 overdue · 0 today</small>"))
            #expect(after.contains("Tasks 51–54 of 54"))
        }
    }

    /// My work's tasks section alone (her leads are also listed as unread further down).
    static func tasks(_ html: String) -> Substring {
        guard let start = html.range(of: "id=\"tasks\""), let end = html.range(of: "id=\"reminders\"") else {
            return ""
        }
        return html[start.upperBound..<end.lowerBound]
    }

    @Test("the leads list shows only leads in the user's scope, filters, searches and pages")
    func list() async throws {
        let fixture = try await WebFixture()
        for number in 1...55 {
            try fixture.lead("buyer\(number)@brewery.example", owner: "anna@acme.example", name: "Buyer \(number)")
        }
        try fixture.lead("dieter@plant.example", owner: "dieter@acme.example", name: "Dieters Plant")
        let special = try fixture.lead(
            "sensor@dairy.example", owner: "anna@acme.example", name: "Dairy Dora", text: "Pressure transmitters")
        try await fixture.desk.rate(special, .a, by: TestUsers.admin)
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let first = String(buffer: try await anna.get(client, "/leads?sort=newest").body)
            #expect(first.components(separatedBy: "<tr><td>").count - 1 == 50)
            #expect(first.contains("rel=\"next\""))
            #expect(!first.contains("Dieters Plant"))
            let second = String(buffer: try await anna.get(client, "/leads?sort=newest&page=2").body)
            #expect(second.components(separatedBy: "<tr><td>").count - 1 == 6)
            #expect(second.contains("rel=\"prev\""))
            let rated = String(buffer: try await anna.get(client, "/leads?rating=A").body)
            #expect(rated.contains("Dairy Dora") && !rated.contains("Buyer 1<"))
            let searched = String(buffer: try await anna.get(client, "/leads?q=transmitters").body)
            #expect(searched.contains("Dairy Dora") && !searched.contains("Buyer 2<"))
            var root = try await Browser.signedIn(client, as: TestUsers.admin)
            let all = String(buffer: try await root.get(client, "/leads?q=plant").body)
            #expect(all.contains("Dieters Plant"))
        }
    }

    @Test("the lead page shows the contact, the enquiry, the score and every message's text")
    func leadPage() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead(
            "jo@brewery.example", owner: "anna@acme.example", name: "Jo Brewer",
            text: "Please quote 60 level sensors, delivery to Leeds by March.")
        try await fixture.desk.addNote(id, text: "Wants stainless steel", by: TestUsers.sales)
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let html = String(buffer: try await anna.get(client, "/leads/\(id)").body)
            #expect(html.contains("Jo Brewer"))
            #expect(html.contains("jo@brewery.example"))
            #expect(html.contains("delivery to Leeds by March."))
            #expect(html.contains("Wants stainless steel"))
            #expect(html.contains("Score"))
            let oldest = try #require(html.range(of: "delivery to Leeds")).lowerBound
            let note = try #require(html.range(of: "Wants stainless steel")).lowerBound
            #expect(oldest < note)
            let page = String(buffer: try await anna.get(client, "/leads/\(id)?order=newest").body)
            let newest = page[try #require(page.range(of: "class=\"timeline")).lowerBound...]
            let newestNote = try #require(newest.range(of: "Wants stainless steel")).lowerBound
            let newestEnquiry = try #require(newest.range(of: "<div class=\"text\">Please quote")).lowerBound
            #expect(newestNote < newestEnquiry)
        }
    }

    @Test("logging a call completes the follow-up and moves a new lead to contacted")
    func logCall() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead("jo@brewery.example", owner: "anna@acme.example", name: "Jo Brewer")
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let response = try await anna.post(client, "/leads/\(id)/call", [("text", "Talked about the quote")])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/leads/\(id)")
        }
        let lead = try await fixture.desk.lead(id, by: TestUsers.admin)
        #expect(lead.lead.status == .contacted)
        #expect(lead.events.contains { $0.text == "call: Talked about the quote" && $0.by == "anna@acme.example" })
    }

    @Test("the board moves a card with the rules: converting asks for the value, rejecting for a reason")
    func pipelineMoves() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead("jo@brewery.example", owner: "anna@acme.example", name: "Jo Brewer")
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let board = String(buffer: try await anna.get(client, "/pipeline").body)
            #expect(board.contains("Jo Brewer"))
            let missing = try await anna.post(
                client, "/leads/\(id)/status", [("status", "converted"), ("back", "/pipeline")])
            #expect(missing.status == .badRequest)
            #expect(String(buffer: missing.body).contains("value"))
            let noReason = try await anna.post(client, "/leads/\(id)/status", [("status", "rejected")])
            #expect(noReason.status == .badRequest)
            let moved = try await anna.post(
                client, "/leads/\(id)/status", [("status", "converted"), ("value", "12,500"), ("back", "/pipeline")])
            #expect(moved.status == .seeOther)
            #expect(moved.headers[.location] == "/pipeline")
            let after = String(buffer: try await anna.get(client, "/pipeline").body)
            let converted = try #require(after.range(of: "data-status=\"converted\""))
            #expect(after[converted.upperBound...].contains("12500"))
        }
        #expect(try await fixture.desk.lead(id, by: TestUsers.admin).lead.status == .converted)
    }

    @Test(
        "a form's way back is only a path of this site",
        arguments: [
            "//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x=1",
        ])
    func noOpenRedirect(_ back: String) async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead("jo@brewery.example", owner: "anna@acme.example", name: "Jo Brewer")
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let response = try await anna.post(client, "/leads/\(id)/note", [("text", "hi"), ("back", back)])
            #expect(response.headers[.location] == "/leads/\(id)")
        }
    }

    @Test("an unknown lead is 404 with the core's words")
    func unknownLead() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let response = try await anna.get(client, "/leads/999")
            #expect(response.status == .notFound)
        }
    }
}
