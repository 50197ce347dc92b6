import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@Suite("Web: reports, the team view and mass actions")
struct ManagerPagesTests {
    @Test("the reports page gives leadmail report's lines, drill-down links and CSV")
    func reports() async throws {
        let fixture = try await WebFixture()
        let won = try fixture.lead("won@brewery.example", owner: "anna@acme.example", name: "Won Wendy")
        try fixture.lead("other@brewery.example", owner: "ben@acme.example", name: "<b>Bold</b>")
        _ = try await fixture.desk.changeStatus(
            won, to: StatusChange(status: .converted, value: 5000), by: TestUsers.admin)
        try await fixture.test { client in
            var mark = try await Browser.signedIn(client, as: TestUsers.marketing)
            let html = String(buffer: try await mark.get(client, "/reports?from=2026-12-01&to=2026-12-31").body)
            #expect(html.contains("<td>web-form</td><td>expo-2026</td>"))
            #expect(
                html.contains(
                    "<a href=\"/leads?source=web-form&amp;campaign=expo-2026&amp;from=2026-12-01&amp;until=2027-01-01"
                        + "&amp;status=converted&amp;sort=newest\">1</a>"))
            #expect(html.contains("<td>5000</td>"))
            #expect(html.contains("50.0%"))
            let csv = String(buffer: try await mark.get(client, "/reports.csv?from=2026-12-01&to=2026-12-31").body)
            #expect(csv.hasPrefix("Source,Campaign,Leads,A,B,C,D,Qualified,Converted,Value,"))
            #expect(csv.contains("web-form,expo-2026,2,0,0,0,0,1,1,5000,"))
            let empty = String(buffer: try await mark.get(client, "/reports?from=2020-01-01&to=2020-01-31").body)
            #expect(empty.contains("No leads in that period."))
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            #expect(try await anna.get(client, "/reports").status == .forbidden)
            #expect(try await anna.get(client, "/reports.csv").status == .forbidden)
        }
    }

    @Test("the team view: each person's open, due and overdue work; reassigning one lead and a whole list")
    func team() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        let late = try fixture.lead("late@brewery.example", owner: "anna@acme.example", name: "Late Larry")
        let later = try fixture.lead("later@brewery.example", owner: "anna@acme.example", name: "Later Lola")
        let today = try fixture.lead("today@brewery.example", owner: "ben@acme.example", name: "Today Tina")
        let dach = try fixture.lead("d@plant.example", owner: "dieter@acme.example", team: "dach", name: "Dach Dora")
        _ = try await desk.addTask(late, kind: .call, due: "2026-12-21", by: TestUsers.admin)
        _ = try await desk.addTask(later, kind: .meeting, due: "2026-12-22", by: TestUsers.admin)
        _ = try await desk.addTask(today, kind: .call, due: "2026-12-24", by: TestUsers.admin)
        _ = try await desk.addTask(dach, kind: .call, due: "2026-12-21", by: TestUsers.admin)
        try await fixture.test { client in
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let html = String(buffer: try await mary.get(client, "/team").body)
            #expect(html.contains("Anna Baker") && html.contains("Ben Carter"))
            #expect(!html.contains("Dieter Ernst") && !html.contains("Dach Dora"), "another team's people")
            #expect(html.contains("Late Larry") && html.contains("Later Lola"))
            #expect(!html.contains("Today Tina"), "due today is counted, not overdue")
            #expect(html.contains("action=\"/leads/\(late)/assign\""))
            let one = try await mary.post(
                client, "/leads/\(late)/assign", [("person", "ben@acme.example"), ("back", "/team")])
            #expect(one.status == .seeOther && one.headers[.location] == "/team")
            #expect(try await desk.lead(late, by: TestUsers.admin).lifecycle.owner == "ben@acme.example")
            let all = try await mary.post(
                client, "/team/reassign", [("from", "anna@acme.example"), ("person", "ben@acme.example")])
            let summary = String(buffer: all.body)
            #expect(summary.contains("1 done, 0 refused"), "\(summary.prefix(600))")
            #expect(try await desk.lead(later, by: TestUsers.admin).lifecycle.owner == "ben@acme.example")
            let outside = try await mary.post(
                client, "/team/reassign", [("from", "dieter@acme.example"), ("person", "ben@acme.example")])
            #expect(outside.status == .notFound)
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            #expect(try await anna.get(client, "/team").status == .forbidden)
        }
        #expect(try await desk.lead(dach, by: TestUsers.admin).lifecycle.owner == "dieter@acme.example")
    }

    @Test("mass assign and tag: one summary, leads out of reach refused with the reason, the rest done")
    func massAssignAndTag() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        let mine = try fixture.lead("a@brewery.example", owner: "anna@acme.example", name: "Anna Lead")
        let bens = try fixture.lead("b@brewery.example", owner: "ben@acme.example", name: "Ben Lead")
        let dach = try fixture.lead("d@plant.example", owner: "dieter@acme.example", team: "dach", name: "Dach Lead")
        try await fixture.test { client in
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let list = String(buffer: try await mary.get(client, "/leads").body)
            #expect(list.contains("name=\"lead\" value=\"\(mine)\""))
            #expect(list.contains("<option value=\"delete\">delete</option>"))
            let ids = [mine, bens, dach].map { ("lead", String($0)) }
            let assigned = try await mary.post(
                client, "/leads/mass", ids + [("do", "assign"), ("person", "ben@acme.example")])
            let html = String(buffer: assigned.body)
            #expect(assigned.status == .ok)
            #expect(html.contains("2 done, 1 refused"), "\(html.prefix(800))")
            #expect(html.contains("may not assign leads for"))
            let tagged = try await mary.post(
                client, "/leads/mass", ids + [("do", "tag"), ("tags", "expo, <i>hot</i>")])
            let tagHTML = String(buffer: tagged.body)
            #expect(tagHTML.contains("2 done, 1 refused"))
            #expect(tagHTML.contains("&lt;i&gt;hot&lt;/i&gt;") && !tagHTML.contains("<i>hot"))
            let untagged = try await mary.post(client, "/leads/mass", ids + [("do", "untag"), ("tags", "expo")])
            #expect(String(buffer: untagged.body).contains("2 done"))
            let none = try await mary.post(client, "/leads/mass", [("do", "tag"), ("tags", "x")])
            #expect(none.status == .badRequest)
        }
        #expect(try await desk.lead(mine, by: TestUsers.admin).lifecycle.owner == "ben@acme.example")
        #expect(try await desk.lead(mine, by: TestUsers.admin).lifecycle.tags == ["<i>hot</i>"])
        let untouched = try await desk.lead(dach, by: TestUsers.admin)
        #expect(untouched.lifecycle.owner == "dieter@acme.example" && untouched.lifecycle.tags.isEmpty)
    }

    @Test("mass status asks for what the rules need; letters go through the outbox; export is CSV of the selection")
    func massStatusLetterExport() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        let first = try fixture.lead("a@brewery.example", owner: "anna@acme.example", name: "First Fay")
        let second = try fixture.lead("b@brewery.example", owner: "anna@acme.example", name: "=HYPERLINK(\"x\")")
        let ids = [first, second].map { ("lead", String($0)) }
        try await fixture.test { client in
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let noValue = try await mary.post(client, "/leads/mass", ids + [("do", "status"), ("status", "converted")])
            #expect(String(buffer: noValue.body).contains("0 done, 2 refused"))
            #expect(String(buffer: noValue.body).contains("value"))
            let converted = try await mary.post(
                client, "/leads/mass", ids + [("do", "status"), ("status", "converted"), ("value", "1,000")])
            #expect(String(buffer: converted.body).contains("2 done, 0 refused"))

            let templates = await desk.letterTemplates()
            let template = try #require(templates.first)
            let wrote = try await mary.post(client, "/leads/mass", ids + [("do", "letter"), ("template", template)])
            #expect(
                String(buffer: wrote.body).contains("2 done, 0 refused"), "\(String(buffer: wrote.body).prefix(900))")

            let csv = try await mary.post(client, "/leads/mass", ids + [("do", "export")])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("Lead,Name,"))
            #expect(text.contains("First Fay"))
            #expect(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula from mail is text in a spreadsheet")
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            #expect(try await anna.post(client, "/leads/mass", ids + [("do", "export")]).status == .forbidden)
        }
        for id in [first, second] {
            let detail = try await desk.lead(id, by: TestUsers.admin)
            #expect(detail.lead.status == .converted)
            #expect(detail.communications.contains { $0.direction == .outbound }, "the letter is queued and logged")
        }
    }

    @Test("mass delete asks first, needs the right, and deletes in one go")
    func massDelete() async throws {
        let fixture = try await WebFixture()
        let desk = fixture.desk
        let first = try fixture.lead("a@brewery.example", owner: "anna@acme.example", name: "First Fay")
        let dach = try fixture.lead("d@plant.example", owner: "dieter@acme.example", team: "dach", name: "Dach Dora")
        let ids = [first, dach].map { ("lead", String($0)) }
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let list = String(buffer: try await anna.get(client, "/leads").body)
            #expect(!list.contains("<option value=\"delete\">"))
            #expect(try await anna.post(client, "/leads/mass", ids + [("do", "delete")]).status == .forbidden)
            let refused = try await anna.post(client, "/leads/mass", ids + [("do", "delete"), ("confirm", "yes")])
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("may not delete leads"))

            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let ask = String(buffer: try await mary.post(client, "/leads/mass", ids + [("do", "delete")]).body)
            #expect(ask.contains("Delete 1 leads?"), "only the leads Mary reaches are offered")
            #expect(ask.contains("name=\"confirm\" value=\"yes\""))
            #expect(try await desk.lead(first, by: TestUsers.admin).lead.id == first, "asking deletes nothing")
            let done = String(
                buffer: try await mary.post(client, "/leads/mass", ids + [("do", "delete"), ("confirm", "yes")]).body)
            #expect(done.contains("1 done, 1 refused"))
        }
        await #expect(throws: LifecycleError.self) { _ = try await desk.lead(first, by: TestUsers.admin) }
        #expect(try await desk.lead(dach, by: TestUsers.admin).lead.id == dach)
    }
}
