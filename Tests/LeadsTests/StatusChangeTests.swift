import Foundation
import Leads
import Testing

@Suite("Lifecycle: which status changes are allowed and what they need")
struct StatusChangeTests {
    let reasons = ["no budget", "no project", "competitor", "spam"]

    @Test(
        "forward through the pipeline, to rejected or nurture from any open status, back from nurture",
        arguments: [
            (LeadStatus.new, LeadStatus.contacted, true), (.contacted, .qualified, true),
            (.qualified, .converted, true),
            (.new, .qualified, true), (.qualified, .contacted, false), (.contacted, .new, false),
            (.nurture, .contacted, true), (.converted, .rejected, false), (.rejected, .new, false), (.new, .new, false),
        ])
    func moves(from: LeadStatus, to: LeadStatus, allowed: Bool) {
        #expect(from.canMove(to: to) == allowed)
    }

    @Test("rejecting needs a reason from the list, spelled as configured")
    func reasonsChecked() throws {
        #expect(throws: LifecycleError.reasonRequired(reasons)) {
            try StatusChange(status: .rejected).validated(from: .new, rejectionReasons: reasons)
        }
        #expect(throws: LifecycleError.unknownReason("too expensive", reasons)) {
            try StatusChange(status: .rejected, reason: "too expensive")
                .validated(from: .new, rejectionReasons: reasons)
        }
        let checked = try StatusChange(status: .rejected, reason: "No Budget")
            .validated(from: .contacted, rejectionReasons: reasons)
        #expect(checked.reason == "no budget")
    }

    @Test("converting needs a value; nurture needs a day to come back")
    func details() throws {
        #expect(throws: LifecycleError.valueRequired) {
            try StatusChange(status: .converted).validated(from: .qualified, rejectionReasons: reasons)
        }
        #expect(throws: LifecycleError.untilRequired) {
            try StatusChange(status: .nurture).validated(from: .contacted, rejectionReasons: reasons)
        }
        let change = StatusChange(status: .converted, value: 12_000, closeDate: "2027-01-31")
        _ = try change.validated(from: .qualified, rejectionReasons: reasons)
        #expect(change.describe(from: .qualified) == "qualified → converted (value 12000, closes 2027-01-31)")
    }

    @Test("a closed lead stays closed, and the error says why")
    func closed() {
        let error = LifecycleError.transition(from: .converted, to: .qualified)
        #expect(error.description.contains("it is closed"))
    }
}
