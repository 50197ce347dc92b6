import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// `run --once` and `ingest` run the lead rules once after the backlog, not in every batch's commit.
@Suite("Lead rules after a backlog")
struct LeadRulesTimingTests {
    @Test("a contact's enquiries in separate batches of a backlog are scored once, with both counted")
    func scoredOnceAfterTheBacklog() async throws {
        let harness = try IntakeHarness()
        let write = { (from: String, id: String, body: String) in
            try harness.inbox.deliver(
                WhoWroteTests.enquiry(
                    from: from, id: id, date: "Mon, 16 Nov 2026 09:00:00 +0000", body: body))
        }
        try write(
            "Jane Okafor <jane@brightwater.example>", "j1@brightwater.example",
            "We have a budget for 60 level sensors.\n")
        // More than one batch of messages from others between Jane's two enquiries.
        for index in 0..<60 {
            try write(
                "Buyer \(index) <buyer\(index)@firm\(index).example>", "b\(index)@firm\(index).example",
                "Do you stock flow meters?\n")
        }
        try write(
            "Jane Okafor <jane@brightwater.example>", "j2@brightwater.example",
            "Please send the quote by Friday.\n")

        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 61 && intake.attached == 1)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let jane = try #require(try store.leads(LeadQuery()).first { $0.email == "jane@brightwater.example" })
        let events = try store.events(leadID: jane.id)
        let scoring = events.filter { $0.kind == .score }
        #expect(scoring.count == 1, "one score change, not one per batch: \(events.map(\.text))")
        let explained = try #require(try store.workflowItem(leadID: jane.id))
        #expect(explained.enquiryCount == 2)
        #expect(try store.pendingWorkflow().isEmpty, "no lead is left for the rules")
    }
}

/// `run --once` sends the backlog's replies while the lead rules run, then the staff notices those rules queued.
@Suite("run --once: replies beside the lead rules, then their notices")
struct RunOnceNoticesTests {
    @Test("every reply and every new-lead notice to the owners is sent in the same run; nothing stays queued")
    func noticesQueuedByTheRulesGoOut() async throws {
        var harness = try IntakeHarness()
        harness.configuration.lifecycle.teams = [
            SalesTeam(
                name: "uk",
                members: [
                    SalesPerson(name: "Anna Baker", email: "anna@acme.example"),
                    SalesPerson(name: "Ben Carter", email: "ben@acme.example"),
                ])
        ]
        harness.configuration.lifecycle.assignment = [AssignmentRule(team: "uk")]
        try harness.deliverSamples()
        let service = try harness.service()
        let (intake, delivery) = try await service.runOnce()
        #expect(intake.created > 0)

        let entries = try SQLiteLeadStore(path: harness.configuration.store).outboxEntries(includeSent: true)
        let notices = entries.filter { $0.item.mail.recipients.contains { $0.hasSuffix("@acme.example") } }
        #expect(notices.count >= intake.created, "a notice to the owner of each new lead: \(notices.count)")
        #expect(entries.allSatisfy { $0.item.state == .sent }, "nothing left queued")
        #expect(delivery.sent == entries.count)
        let outbox = Maildir(path: harness.configuration.outbox)
        #expect(try outbox.newMessages().count == entries.count, "one file per reply and notice")
    }
}
