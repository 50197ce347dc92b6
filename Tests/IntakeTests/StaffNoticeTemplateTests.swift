import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// The owner's notice of a new lead is written from templates/notifications/new-lead.mustache, as edited.
@Suite("Staff mail comes from the notification templates")
struct StaffNoticeTemplateTests {
    @Test("an edited new-lead notification is what the owner receives, with the owner's name and the follow-up")
    func editedNoticeIsSent() async throws {
        var harness = try IntakeHarness()
        let folder = try TemplateEditingTests.editableTemplates(&harness)
        let notice = folder + "/notifications/new-lead.mustache"
        let shipped = try String(contentsOfFile: notice, encoding: .utf8)
        try TemplateEditingTests.write(
            shipped.replacingOccurrences(
                of: "{{#followUp}}Follow up:", with: "Ring them before noon, {{ownerName}}.\n{{#followUp}}Follow up:"),
            to: notice)
        harness.configuration.lifecycle.teams = [
            SalesTeam(name: "uk", members: [SalesPerson(name: "Anna Baker", email: "anna@acme.example")])
        ]
        harness.configuration.lifecycle.assignment = [AssignmentRule(team: "uk")]
        try harness.inbox.deliver(TemplateEditingTests.enquiry(1))

        _ = try await harness.service().runOnce()

        let entries = try SQLiteLeadStore(path: harness.configuration.store).outboxEntries(includeSent: true)
        let toAnna = entries.filter { $0.item.mail.recipients == ["anna@acme.example"] }
        #expect(toAnna.count == 1, "\(entries.map(\.item.mail.recipients))")
        let text = try #require(toAnna.first?.item.mail.text)
        #expect(text.contains("Ring them before noon, Anna Baker."), "\(text)")
        #expect(text.contains("Follow up: "), "\(text)")
        #expect(toAnna.first?.item.mail.subject.hasPrefix("New lead L1: ") == true)
    }
}
