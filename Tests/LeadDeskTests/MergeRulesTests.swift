import Foundation
import LeadDesk
import LeadStore
import Leads
import Testing

@Suite("A merge keeps the work done on either lead")
struct MergeRulesTests {
    let admin = DeskFixture.admin

    @Test("merging a converted lead into a new one keeps the conversion, its value, owner, rating and tasks")
    func conversionSurvives() async throws {
        let fixture = try DeskFixture()
        let converted = try fixture.lead("jane@brightwater.example", owner: "ben@acme.example", team: "uk")
        let fresh = try fixture.lead("jane.okafor@brightwater-mail.example", owner: nil, team: nil)
        _ = try await fixture.desk.changeStatus(
            converted, to: StatusChange(status: .converted, value: 5000, closeDate: "2027-01-29"), by: admin)
        try await fixture.desk.rate(converted, .b, by: admin)
        try await fixture.desk.rate(fresh, .c, by: admin)
        _ = try await fixture.desk.tag(fresh, with: ["trade show"], by: admin)
        _ = try await fixture.desk.tag(converted, with: ["brewery"], by: admin)
        let task = try await fixture.desk.addTask(fresh, kind: .call, due: "2026-12-29", by: admin)
        let before = LeadReport(try await fixture.desk.reportedLeads(from: nil, until: nil, tag: nil, by: admin))

        try await fixture.desk.merge(converted, into: fresh, by: admin)

        let kept = try await fixture.desk.lead(fresh, by: admin)
        #expect(kept.lead.status == .converted)
        #expect(kept.lifecycle.value == 5000)
        #expect(kept.lifecycle.closeDate == "2027-01-29")
        #expect(kept.lifecycle.owner == "ben@acme.example")
        #expect(kept.lifecycle.rating == .b, "B (small project) is better than C")
        #expect(Set(kept.lifecycle.tags) == ["trade show", "brewery"])
        #expect(kept.tasks.contains { $0.id == task.id })
        let after = LeadReport(try await fixture.desk.reportedLeads(from: nil, until: nil, tag: nil, by: admin))
        #expect(after.lines.map(\.converted).reduce(0, +) == before.lines.map(\.converted).reduce(0, +))
        #expect(after.lines.map(\.convertedValue).reduce(0, +) == 5000)
        #expect(after.lines.map(\.qualified).reduce(0, +) == before.lines.map(\.qualified).reduce(0, +))
    }

    @Test("a rejection gives way to open work; the rejected lead's reason does not linger")
    func openWorkBeatsRejection() async throws {
        let fixture = try DeskFixture()
        let rejected = try fixture.lead("omar@saltmarsh.example", owner: "anna@acme.example", team: "uk")
        let open = try fixture.lead("omar.haddad@saltmarsh.example", owner: "anna@acme.example", team: "uk")
        _ = try await fixture.desk.changeStatus(
            rejected, to: StatusChange(status: .rejected, reason: "spam"), by: admin)
        _ = try await fixture.desk.changeStatus(open, to: StatusChange(status: .contacted), by: admin)
        try await fixture.desk.merge(open, into: rejected, by: admin)
        let kept = try await fixture.desk.lead(rejected, by: admin)
        #expect(kept.lead.status == .contacted)
        #expect(kept.lifecycle.rejectReason == nil)
    }

    @Test("two converted leads are two opportunities: the merge is refused, saying why, and nothing changes")
    func twoConversionsRefused() async throws {
        let fixture = try DeskFixture()
        let first = try fixture.lead("li@harbour.example", owner: "anna@acme.example", team: "uk")
        let second = try fixture.lead("li.wei@harbour.example", owner: "ben@acme.example", team: "uk")
        for (lead, value) in [(first, 1200.0), (second, 800.0)] {
            _ = try await fixture.desk.changeStatus(lead, to: StatusChange(status: .converted, value: value), by: admin)
        }
        let refusal = await #expect(throws: LifecycleError.self) {
            try await fixture.desk.merge(second, into: first, by: admin)
        }
        #expect(refusal?.description.contains("both converted") == true)
        #expect(try await fixture.desk.lead(second, by: admin).lifecycle.value == 800)
    }
}
