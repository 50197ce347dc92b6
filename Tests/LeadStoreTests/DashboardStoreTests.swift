import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// The dashboard's figures as each store counts them in SQL: the same numbers on SQLite and on PostgreSQL.
@Suite("The dashboard's figures, for every store")
struct DashboardStoreTests {
    static let day: TimeInterval = 86400
    static let now = TemporaryLeadStore.now

    /// A lead from `email` under `source` and `campaign`, created at `at`, owned by `owner` in team uk.
    static func lead(
        _ temp: TemporaryLeadStore, _ email: String, source: String, campaign: String?, at: Date,
        owner: String? = nil, team: String? = "uk"
    ) throws -> Int64 {
        try temp.capture(email, owner: owner, team: team, source: source, campaign: campaign, at: at)
    }

    @Test(
        "weeks by source and campaign, funnels, rejections, ratings, medians, overdue follow-ups",
        arguments: StoreKind.allCases)
    func figures(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let store: any LeadStore = temp.postgres ?? temp.store
        let now = Self.now  // Thursday 24 December 2026: its week starts on Monday the 21st.
        let hostile = "<script>alert(1)</script>"
        let won = try Self.lead(
            temp, "won@a.example", source: "web-form", campaign: "expo", at: now,
            owner: "anna@acme.example")
        let spam = try Self.lead(temp, "spam@b.example", source: hostile, campaign: "expo", at: now - 7 * Self.day)
        let rated = try Self.lead(
            temp, "rated@c.example", source: "web-form", campaign: nil, at: now - 8 * Self.day,
            owner: "dieter@acme.example", team: "dach")
        _ = try Self.lead(temp, "old@d.example", source: "web-form", campaign: "expo", at: now - 60 * Self.day)

        var convert = LeadUpdate(leadID: won, by: "anna@acme.example")
        convert.status = (StatusChange(status: .converted, value: 1200.5), .new)
        convert.firstContactAt = now + 3600
        convert.newTasks = [.init(kind: .call, due: "2026-12-20", owner: "anna@acme.example", isFollowUp: true)]
        try store.apply(convert, at: now)
        var reject = LeadUpdate(leadID: spam, by: "mary@acme.example")
        reject.status = (StatusChange(status: .rejected, reason: "Spam"), .new)
        try store.apply(reject, at: now)
        var qualify = LeadUpdate(leadID: rated, by: "dieter@acme.example")
        qualify.status = (StatusChange(status: .qualified), .new)
        qualify.rating = .a
        qualify.firstContactAt = now - 8 * Self.day + 7200
        qualify.newTasks = [.init(kind: .call, due: "2026-12-30", owner: "dieter@acme.example", isFollowUp: true)]
        try store.apply(qualify, at: now)
        let reply = OutgoingMail(
            messageID: "r1@acme.example", envelopeFrom: "sales@acme.example", recipients: ["won@a.example"],
            from: "sales@acme.example", to: "won@a.example", subject: "Re: Quote", text: "Thanks", raw: Array("x".utf8))
        _ = try await temp.records.write { tx in try tx.queue(reply, leadID: won, at: now + 60) }

        let recent = LeadSearch(from: now - 30 * Self.day)
        let figures = try await temp.records.read { tx in try tx.dashboard(recent, team: nil, today: "2026-12-24") }
        #expect(
            figures.bySource == [
                .init(week: "2026-12-14", key: hostile, count: 1), .init(week: "2026-12-14", key: "web-form", count: 1),
                .init(week: "2026-12-21", key: "web-form", count: 1),
            ], "by week, then by key in byte order")
        #expect(
            figures.byCampaign == [
                .init(week: "2026-12-14", key: "", count: 1), .init(week: "2026-12-14", key: "expo", count: 1),
                .init(week: "2026-12-21", key: "expo", count: 1),
            ])
        #expect(
            figures.funnels == [
                .init(campaign: "", leads: 1, contacted: 1, qualified: 1, converted: 0, convertedValue: 0, spam: 0),
                .init(
                    campaign: "expo", leads: 2, contacted: 1, qualified: 1, converted: 1, convertedValue: 1200.5,
                    spam: 1),
            ])
        #expect(figures.funnels.last?.conversionRate == 1)
        #expect(figures.rejections == [.init(key: "Spam", count: 1)])
        #expect(Set(figures.ratings) == [.init(key: "", count: 2), .init(key: "A", count: 1)])
        #expect(figures.ratings.first == .init(key: "", count: 2))
        #expect(figures.medianFirstReplySeconds.map { ($0 - 60).magnitude < 1 } == true)
        #expect(figures.medianFirstContactSeconds.map { ($0 - 5400).magnitude < 1 } == true, "(3600 + 7200) / 2")
        #expect(figures.overdueFollowUps == [.init(key: "anna@acme.example", count: 1)])

        // A team, an owner, a tag: the same figures narrowed.
        let dach = try await temp.records.read { tx in
            try tx.dashboard(
                recent, team: DashboardTeam(name: "dach", members: ["dieter@acme.example"]), today: "2026-12-24")
        }
        #expect(dach.funnels.map(\.campaign) == [""])
        #expect(dach.overdueFollowUps.isEmpty)
        var annas = recent
        annas.owner = "anna@acme.example"
        let owned = try await temp.records.read { [annas] tx in try tx.dashboard(annas, team: nil, today: "2026-12-24")
        }
        #expect(
            owned.funnels == [
                .init(
                    campaign: "expo", leads: 1, contacted: 1, qualified: 1, converted: 1, convertedValue: 1200.5,
                    spam: 0)
            ])
        let everything = try await temp.records.read { tx in
            try tx.dashboard(LeadSearch(), team: nil, today: "2026-12-24")
        }
        #expect(everything.funnels.map(\.leads).reduce(0, +) == 4)
        let none = try await temp.records.read { tx in
            try tx.dashboard(LeadSearch(tag: "nothing-has-it"), team: nil, today: "2026-12-24")
        }
        #expect(none == LeadDashboard())
    }

    @Test(
        "clicks per campaign in the range and filters; the first reply moves with a merge; a team narrows a list",
        arguments: StoreKind.allCases)
    func clicksTeamsAndFirstReply(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let now = Self.now
        let expo = try Self.lead(
            temp, "expo@a.example", source: "web-form", campaign: "expo", at: now - Self.day, owner: "anna@acme.example"
        )
        let fair = try Self.lead(
            temp, "fair@b.example", source: "web-form", campaign: nil, at: now - Self.day,
            owner: "dieter@acme.example", team: "dach")
        let given = try Self.lead(temp, "given@c.example", source: "email", campaign: "expo", at: now, team: nil)
        var toUK = LeadUpdate(leadID: given, by: LeadEvent.system)
        toUK.owner = .init(email: "ben@acme.example", team: "uk")
        let tokens = ["a", "b", "c"].map { String(repeating: $0, count: 32) }
        for (lead, token) in [(expo, tokens[0]), (fair, tokens[1]), (expo, tokens[2])] {
            var mail = OutgoingMail(
                messageID: "<\(token)@acme.example>", envelopeFrom: "sales@acme.example", recipients: ["x@x.example"],
                from: "sales@acme.example", to: "x@x.example", subject: "Prices", text: "http://x/t/\(token)",
                raw: Array("x".utf8))
            mail.trackedLinks = [TrackedLink(token: token, url: "https://acme.example/\(token)", label: "prices")]
            _ = try await temp.records.write { [mail] tx in try tx.queue(mail, leadID: lead, at: now) }
        }
        try await temp.records.write { tx in
            _ = try tx.recordClick(token: tokens[0], at: now + 60)
            _ = try tx.recordClick(token: tokens[0], at: now + 120)
            _ = try tx.recordClick(token: tokens[2], at: now + 180)
            _ = try tx.recordClick(token: tokens[1], at: now + 240)
            _ = try tx.recordClick(token: tokens[1], at: now - 30 * Self.day)
        }
        let range = LeadSearch(from: now - 7 * Self.day, until: now + Self.day)
        let figures = try await temp.records.read { tx in try tx.dashboard(range, team: nil, today: "2026-12-24") }
        #expect(
            figures.clicksByCampaign == [
                .init(campaign: "expo", clicks: 3, leads: 1), .init(campaign: "", clicks: 1, leads: 1),
            ], "clicks dated in the range, most first; the month-old click left out")
        let uk = DashboardTeam(name: "uk", members: ["anna@acme.example", "ben@acme.example"])
        let ukFigures = try await temp.records.read { tx in try tx.dashboard(range, team: uk, today: "2026-12-24") }
        #expect(ukFigures.clicksByCampaign == [.init(campaign: "expo", clicks: 3, leads: 1)])
        #expect(ukFigures.funnels.map(\.leads).reduce(0, +) == 1, "given is not the team's until it is given")
        #expect(ukFigures.medianFirstReplySeconds == 86400, "the letters queued a day after expo's enquiry")

        // The list's team filter: given to the team or owned by a member, nothing of another team.
        try await temp.records.write { [toUK] tx in try tx.apply(toUK, at: now) }
        var teamList = LeadSearch(order: .newest)
        teamList.team = uk
        let listed = try await temp.records.read { [teamList] tx in try tx.search(teamList) }
        #expect(Set(listed.map(\.lead.id)) == [expo, given])
        teamList.team = DashboardTeam(name: "nobody", members: [])
        let nobody = try await temp.records.read { [teamList] tx in try tx.search(teamList) }
        #expect(nobody.isEmpty)

        // A merge brings the duplicate's replies: the lead kept has the earlier first reply of the two.
        try await temp.records.write { tx in try tx.merge(fair, into: given, by: "root@acme.example", at: now) }
        let merged = try await temp.records.read { tx in
            try tx.dashboard(LeadSearch(campaign: "expo", from: now - Self.day / 2), team: nil, today: "2026-12-24")
        }
        #expect(merged.medianFirstReplySeconds == 0, "given (created now) has fair's letter, queued now")
    }

    @Test(
        "a lead's first reply is dated at its handover; a later reply's handover leaves it, an earlier one takes it",
        arguments: StoreKind.allCases)
    func firstReplyAtHandover(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let ledger: any OutboxLedger = temp.postgres ?? temp.store
        let now = Self.now
        let lead = try Self.lead(temp, "first@a.example", source: "web-form", campaign: nil, at: now)
        // The store's one lead, as the report reads it: its first reply from the lead's row.
        func firstReply() throws -> Date? {
            let reported = try ledger.reportedLeads(from: nil, until: nil, tag: nil)
            #expect(reported.count == 1)
            return reported.first?.firstReplyAt
        }
        func send(_ name: String, queued: Date, handedOver: Date, answered: Date? = nil) async throws {
            let mail = OutgoingMail(
                messageID: "\(name)@acme.example", envelopeFrom: "sales@acme.example", recipients: ["first@a.example"],
                from: "sales@acme.example", to: "first@a.example", subject: "Re: Quote", text: name,
                raw: Array(name.utf8))
            let item = try await temp.records.write { tx in try tx.queue(mail, leadID: lead, at: queued) }
            let claim = try ledger.claimOutbox(
                id: item.id, owner: "test", limits: DeliveryLimits(perRecipient: nil), at: handedOver,
                handingOver: true)
            #expect(claim == .claimed, "\(name) is due and nobody holds it")
            try ledger.finishSent(outboxID: item.id, serverReply: "250 ok", at: answered ?? handedOver)
        }
        #expect(try firstReply() == nil)
        try await send("first", queued: now + 60, handedOver: now + 120)
        #expect(try firstReply() == now + 120, "the first reply's handover, not its queuing")
        try await send("second", queued: now + 600, handedOver: now + 700)
        #expect(try firstReply() == now + 120, "a later reply leaves the first where it was")
        // Queued before the first was handed over and handed over after it (a retry): the first stays the first.
        try await send("retried", queued: now + 30, handedOver: now + 900)
        #expect(try firstReply() == now + 120)
        // Queued earlier and handed over before the first: this one is the first now.
        try await send("earlier", queued: now + 40, handedOver: now + 100)
        #expect(try firstReply() == now + 100)
        // Its answer taken by a host whose clock is behind the one that queued it: dated before it was queued.
        try await send("skewed", queued: now + 800, handedOver: now + 800, answered: now + 50)
        #expect(try firstReply() == now + 50)
    }
}
