import Foundation
import LeadDesk
import LeadStore
import Leads
import MIME
import TestSupport
import Testing

@Suite("Overdue reassignment stays within the lead's team")
struct OverdueTeamTests {
    /// The DACH team takes German leads, the UK team everything else; Dieter is DACH's only salesperson.
    static let settings = LifecycleSettings(
        teams: TestUsers.teams,
        assignment: [AssignmentRule(countries: ["DE", "AT", "CH"], team: "dach"), AssignmentRule(team: "uk")])

    /// A lead owned by `owner` of `team` whose follow-up was set when it was captured.
    func overdueLead(_ temporary: TemporaryLeadStore, _ email: String, owner: String, team: String) throws -> Int64 {
        let id = try temporary.capture(email, owner: owner, team: team)
        var update = LeadUpdate(leadID: id, by: LeadEvent.system)
        update.newTasks = [.init(kind: .call, due: "2026-12-28", isFollowUp: true)]
        try temporary.store.apply(update, at: TemporaryLeadStore.now)
        return id
    }

    @Test("a DACH lead goes to the next of DACH, or its manager, never to the UK; a UK lead to the next in the UK")
    func staysInTeam() throws {
        let temporary = try TemporaryLeadStore()
        let workflow = LeadWorkflow(
            settings: Self.settings,
            policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), store: temporary.store)
        // The German lead's country came from its form, which the overdue pass does not see; its phone is British.
        let german = try overdueLead(
            temporary, "einkauf@brauerei-mueller.example", owner: "dieter@acme.example",
            team: "dach")
        let british = try overdueLead(temporary, "jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let later = TemporaryLeadStore.now.addingTimeInterval(14 * 86_400)

        let handled = try workflow.reassignOverdue(now: later)

        #expect(Set(handled) == [german, british])
        #expect(try temporary.store.lifecycle(leadID: german)?.owner == "hans@acme.example", "DACH's manager")
        #expect(try temporary.store.lifecycle(leadID: german)?.team == "dach")
        #expect(try temporary.store.lifecycle(leadID: british)?.owner == "ben@acme.example")
    }
}
