import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

@testable import Intake
@testable import LeadDesk

/// The rules read only a lead's new enquiries and keep what the earlier ones matched (`score_matches`). The score
/// must stay what reading every enquiry afresh gives (`leads explain` does that), through repeats in separate
/// passes, a merge that brings older enquiries, and a change of the configured phrases.
@Suite("Scoring from kept matches")
struct KeptScoreMatchesTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    private func enquiry(_ id: String, from sender: String, _ text: String) -> InboundMessage {
        InboundMessage(
            messageID: id, fingerprint: Fingerprint.of([sender, id, text]), threadIDs: [],
            date: Date(timeIntervalSince1970: 1_795_000_000), from: "Jane Okafor <\(sender)>",
            to: "sales@acme.example", subject: "Level sensors", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: "Jane Okafor", email: sender), subject: "Level sensors",
                text: text, source: "web-form", campaign: nil),
            automatedReason: nil)
    }

    private func setUp(words: [ScoringRules.Keyword] = ScoringRules.defaultWords) throws
        -> (TemporaryDirectory, SQLiteLeadStore, LeadWorkflow)
    {
        let directory = try TemporaryDirectory()
        let store = try SQLiteLeadStore(path: directory.path + "/leadmail.sqlite")
        var configuration = try ConfigurationLoader(environment: [:]).load(path: RepositoryPaths.root + "/leadmail.yml")
        configuration.lifecycle.scoring.words = words
        return (directory, store, LeadWorkflow(configuration: configuration, store: store))
    }

    private func score(of lead: Int64, in store: SQLiteLeadStore) throws -> Int {
        try #require(try store.lifecycle(leadID: lead)).score
    }

    /// What every enquiry read afresh gives, as `leads explain` shows it.
    private func freshScore(_ workflow: LeadWorkflow, _ store: SQLiteLeadStore, lead: Int64) throws -> ScoreBreakdown {
        let item = try #require(try store.workflowItem(leadID: lead))
        #expect(item.scoreMatches == nil, "explain reads every enquiry")
        return LeadScorer(rules: workflow.settings.scoring).score(workflow.facts(item))
    }

    @Test("words of the first and of later enquiries count once each, pass after pass, as a fresh reading says")
    func repeatsInSeparatePasses() throws {
        let (directory, store, workflow) = try setUp()
        defer { _ = directory }
        let texts = [
            "We have a budget for 40 sensors.", "Any news?", "Any news?", "Please send a quote by Friday.",
            "Still waiting for the quote.",
        ]
        for (index, text) in texts.enumerated() {
            _ = try store.recordInbound(
                enquiry(
                    "e\(index)@brightwater.example", from: "jane@brightwater.example",
                    text), at: now
            ) { _ in nil }
            #expect(try workflow.catchUp(now: now) == 1)
        }
        let lead = try #require(try store.leads(LeadQuery()).first)
        let fresh = try freshScore(workflow, store, lead: lead.id)
        #expect(try score(of: lead.id, in: store) == fresh.total)
        let reasons = fresh.lines.map(\.reason)
        #expect(reasons.contains("enquiry mentions 'budget'"))
        #expect(reasons.contains("enquiry mentions 'quote'"))
        #expect(reasons.contains("4 repeat enquiries"))
        let pending = try store.workflowItem(leadID: lead.id)
        #expect(pending?.enquiryCount == 5)
    }

    @Test("a merge brings older enquiries: the kept matches no longer fit, and every enquiry is read again")
    func mergeInvalidates() throws {
        let (directory, store, workflow) = try setUp()
        defer { _ = directory }
        _ = try store.recordInbound(enquiry("a1@x.example", from: "jane@brightwater.example", "Hello"), at: now) { _ in
            nil
        }
        _ = try store.recordInbound(
            enquiry(
                "b1@x.example", from: "j.okafor@brightwater.example",
                "Urgent: deadline is Monday"), at: now
        ) { _ in nil }
        _ = try workflow.catchUp(now: now)
        _ = try store.recordInbound(enquiry("a2@x.example", from: "jane@brightwater.example", "Hello again"), at: now) {
            _ in nil
        }
        _ = try workflow.catchUp(now: now)
        let leads = try store.leads(LeadQuery()).sorted { $0.id < $1.id }
        #expect(leads.count == 2)

        try store.merge(leads[1].id, into: leads[0].id, by: "anna", at: now)
        _ = try store.recordInbound(enquiry("a3@x.example", from: "jane@brightwater.example", "And again"), at: now) {
            _ in nil
        }
        _ = try workflow.catchUp(now: now)

        let kept = try #require(try store.leads(LeadQuery()).first { $0.id == leads[0].id })
        let fresh = try freshScore(workflow, store, lead: kept.id)
        #expect(fresh.lines.map(\.reason).contains("enquiry mentions 'deadline'"), "\(fresh.lines)")
        #expect(try score(of: kept.id, in: store) == fresh.total, "the merged enquiry's words count on the kept lead")
    }

    @Test("new phrases in the configuration: the next pass reads every enquiry again")
    func changedRules() throws {
        let (directory, store, workflow) = try setUp(words: [.init("budget", 10)])
        _ = try store.recordInbound(
            enquiry("a1@x.example", from: "jane@brightwater.example", "We need pallets"),
            at: now
        ) { _ in nil }
        _ = try workflow.catchUp(now: now)
        let lead = try #require(try store.leads(LeadQuery()).first)
        let before = try score(of: lead.id, in: store)

        var configuration = try ConfigurationLoader(environment: [:]).load(path: RepositoryPaths.root + "/leadmail.yml")
        configuration.lifecycle.scoring.words = [.init("budget", 10), .init("pallets", 40)]
        let edited = LeadWorkflow(configuration: configuration, store: store)
        _ = try store.recordInbound(enquiry("a2@x.example", from: "jane@brightwater.example", "Any news?"), at: now) {
            _ in nil
        }
        _ = try edited.catchUp(now: now)

        let after = try score(of: lead.id, in: store)
        #expect(
            after == before + 40 + configuration.lifecycle.scoring.repeatEnquiry,
            "'pallets' from the first enquiry counts under the new phrases (\(before) → \(after))")
        _ = directory
    }

    @Test("a backlog's catch-up takes the pending leads in slices and leaves none, each scored as a fresh reading")
    func catchUpInSlices() throws {
        let (directory, store, workflow) = try setUp()
        defer { _ = directory }
        let leads = LeadWorkflow.catchUpSlice * 2 + 7
        for index in 0..<leads {
            for repeatIndex in 0..<2 {
                _ = try store.recordInbound(
                    enquiry(
                        "e\(index)-\(repeatIndex)@x.example", from: "buyer\(index)@firm\(index).example",
                        repeatIndex == 0 ? "We have a budget for \(index + 2) sensors." : "Please send a quote."),
                    at: now
                ) { _ in nil }
            }
        }
        let firstSlice = try store.pendingWorkflow(after: 0, limit: LeadWorkflow.catchUpSlice)
        #expect(firstSlice.count == LeadWorkflow.catchUpSlice)
        #expect(firstSlice.map(\.lead.id) == firstSlice.map(\.lead.id).sorted())
        #expect(
            firstSlice.allSatisfy {
                $0.newCommunications.count == 2 && $0.newCommunications.allSatisfy(\.text.isEmpty)
            },
            "the rules get who wrote what when, not the texts")

        #expect(try workflow.catchUp(now: now) == leads)
        #expect(try store.pendingWorkflow().isEmpty)
        for lead in [1, Int64(LeadWorkflow.catchUpSlice + 1), Int64(leads)] {
            #expect(try score(of: lead, in: store) == (try freshScore(workflow, store, lead: lead)).total)
        }
    }
}
