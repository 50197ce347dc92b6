import Foundation
import LeadDesk
import LeadStore
import Leads
import MIME
import TestSupport
import Testing

/// A click on a tracked link adds `trackingPoints` to the score, and the scorer counts opened links, so the points
/// survive the next scoring (a new message from the lead), on both stores.
@Suite("Link tracking: clicks count in the score")
struct LinkClickScoreTests {
    @Test(
        "a click adds its points once per link; a later scoring keeps them and explains them",
        arguments: StoreKind.allCases)
    func clicksSurviveScoring(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let store: any LeadStore = temp.postgres ?? temp.store
        var settings = LifecycleSettings(teams: TestUsers.teams)
        settings.scoring.linkClick = 7
        let workflow = LeadWorkflow(
            settings: settings,
            policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), store: store)
        var desk = LeadDesk(
            records: temp.records, workflow: workflow,
            letters: LetterSettings(
                sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), company: "Acme Sensors"),
            clock: { TemporaryLeadStore.now }, passwordCost: 4)
        desk.tracker = LinkTracker(baseURL: "https://leads.acme.example", points: 7)
        let now = TemporaryLeadStore.now

        let lead = try temp.capture("jo@brewery.example")
        try workflow.catchUp(now: now)
        let scored = try await Self.score(lead, temp)
        let tokens = [String(repeating: "ab", count: 16), String(repeating: "cd", count: 16)]
        var mail = OutgoingMail(
            messageID: "<prices@acme.example>", envelopeFrom: "sales@acme.example", recipients: ["jo@brewery.example"],
            from: "sales@acme.example", to: "jo@brewery.example", subject: "Prices", text: "two links",
            raw: Array("Subject: Prices\r\n\r\ntwo links\r\n".utf8))
        mail.trackedLinks = tokens.map {
            TrackedLink(token: $0, url: "https://acme.example/\($0)", label: "the price list")
        }
        _ = try await temp.records.write { [mail] tx in try tx.queue(mail, leadID: lead, at: now) }

        #expect(try await desk.openTrackedLink(tokens[0]) == "https://acme.example/\(tokens[0])")
        #expect(try await Self.score(lead, temp) == scored + 7)
        _ = try await desk.openTrackedLink(tokens[0])
        #expect(try await Self.score(lead, temp) == scored + 7, "a second click on the same link adds nothing")
        _ = try await desk.openTrackedLink(tokens[1])
        #expect(try await Self.score(lead, temp) == scored + 14)

        // The lead writes again: the rules score it afresh, and the clicks are in that score.
        #expect(try temp.capture("jo@brewery.example", text: "Any news on the quote?") == lead)
        #expect(try workflow.catchUp(now: now + 60) == 1)
        let (_, breakdown) = try await desk.explainScore(lead, by: TestUsers.admin)
        let rescored = try await Self.score(lead, temp)
        #expect(rescored == breakdown.total)
        #expect(
            breakdown.lines.contains { $0.points == 14 && $0.reason == "opened 2 links in our mail" },
            "\(breakdown.text)")
        #expect(breakdown.lines.contains { $0.reason.contains("repeat") }, "it was scored again: \(breakdown.text)")
        #expect(rescored >= scored + 14)
    }

    static func score(_ lead: Int64, _ temp: TemporaryLeadStore) async throws -> Int {
        try #require(try await temp.records.read { tx in try tx.lifecycle(leadID: lead) }).score
    }
}
