import Foundation
import Intake
import LeadStore
import Leads
import Testing
import TestSupport

/// `run --once` and `ingest` run the lead rules once after the backlog, not in every batch's commit.
@Suite("Lead rules after a backlog")
struct LeadRulesTimingTests {
    @Test("a contact's enquiries in separate batches of a backlog are scored once, with both counted")
    func scoredOnceAfterTheBacklog() async throws {
        let harness = try IntakeHarness()
        let write = { (from: String, id: String, body: String) in
            try harness.inbox.deliver(WhoWroteTests.enquiry(
                from: from, id: id, date: "Mon, 16 Nov 2026 09:00:00 +0000", body: body))
        }
        try write("Jane Okafor <jane@brightwater.example>", "j1@brightwater.example",
                  "We have a budget for 60 level sensors.\n")
        // More than one batch of messages from others between Jane's two enquiries.
        for index in 0..<60 {
            try write("Buyer \(index) <buyer\(index)@firm\(index).example>", "b\(index)@firm\(index).example",
                      "Do you stock flow meters?\n")
        }
        try write("Jane Okafor <jane@brightwater.example>", "j2@brightwater.example",
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
