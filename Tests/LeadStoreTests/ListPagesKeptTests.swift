import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// A list's ids are kept between pages (SQLite's `ListPages`, while nothing a list shows has changed): every
/// change a list shows must show on the next page read, and what a write transaction read of its own changes must
/// not outlive its rollback. On both stores, so the two agree.
@Suite("Kept list pages follow every change")
struct ListPagesKeptTests {
    struct Rollback: Error {}

    @Test(
        "a page read after a score, status, owner, tag, opening, new or deleted lead is the unpaged list's",
        arguments: StoreKind.allCases)
    func followsChanges(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        var leads: [Int64] = []
        for index in 0..<40 {
            let lead = try temp.capture(
                "buyer\(index)@customer.example", owner: index % 4 == 0 ? nil : "anna@acme.example", team: "uk",
                text: "Lot \(index).")
            var update = LeadUpdate(leadID: lead, by: LeadEvent.system)
            update.score = index % 9 * 10
            try await temp.records.write { [update] tx in try tx.apply(update, at: TemporaryLeadStore.now) }
            leads.append(lead)
        }
        var byScore = LeadSearch(order: .score)
        byScore.reach = LeadReach(person: "anna@acme.example", team: "uk", teamMembers: nil)
        let mine = LeadSearch(owner: "anna@acme.example", order: .newest)
        let qualified = LeadSearch(status: .qualified, order: .score)
        let tagged = LeadSearch(tag: "expo", order: .newest)
        var unread = LeadSearch(owner: "anna@acme.example", order: .newest)
        unread.unread = true
        let lists = [byScore, mine, qualified, tagged, unread]

        /// Pages 2 and 3 of six leads (seven read, the seventh telling whether a next page exists), against the
        /// whole list.
        func expectPages(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try await expectPagesAreSlices(
                of: lists, offsets: [6, 12], limit: 7, in: temp.records, what, sourceLocation: sourceLocation)
        }
        try await expectPages("at first")

        var scored = LeadUpdate(leadID: leads[30], by: "anna@acme.example")
        scored.score = 500
        try await temp.records.write { [scored] tx in try tx.apply(scored, at: TemporaryLeadStore.now) }
        try await expectPages("a score raised")

        for lead in leads[10..<20] {
            var moved = LeadUpdate(leadID: lead, by: "anna@acme.example")
            moved.status = (StatusChange(status: .qualified), .new)
            try await temp.records.write { [moved] tx in try tx.apply(moved, at: TemporaryLeadStore.now) }
        }
        try await expectPages("statuses moved")

        var given = LeadUpdate(leadID: leads[4], by: "anna@acme.example")
        given.owner = .init(email: "anna@acme.example", team: "uk")
        try await temp.records.write { [given] tx in try tx.apply(given, at: TemporaryLeadStore.now) }
        try await expectPages("a lead assigned")

        for lead in leads[5..<25] {
            var tag = LeadUpdate(leadID: lead, by: "anna@acme.example")
            tag.addTags = ["expo"]
            try await temp.records.write { [tag] tx in try tx.apply(tag, at: TemporaryLeadStore.now) }
        }
        try await expectPages("tags added")
        var untag = LeadUpdate(leadID: leads[12], by: "anna@acme.example")
        untag.removeTags = ["expo"]
        try await temp.records.write { [untag] tx in try tx.apply(untag, at: TemporaryLeadStore.now) }
        try await expectPages("a tag taken off")

        for lead in leads[1..<12] {
            try await temp.records.write { tx in
                try tx.markOpened(leadID: lead, by: "anna@acme.example", at: TemporaryLeadStore.now)
            }
        }
        try await expectPages("leads opened")

        let added = try temp.capture("late@customer.example", owner: "anna@acme.example", team: "uk")
        try await expectPages("a lead added")
        let gone = leads[7]
        _ = try await temp.records.write { tx in try tx.deleteLead(gone) }
        try await expectPages("a lead deleted")

        // A write transaction sees its own change in a page; after its rollback, pages are as before it.
        var page = byScore
        page.limit = 7
        let before = try await temp.records.read { [page] tx in try tx.search(page).map(\.lead.id) }
        var top = LeadUpdate(leadID: added, by: "anna@acme.example")
        top.score = 900
        await #expect(throws: Rollback.self) {
            try await temp.records.write { [top, page] tx in
                try tx.apply(top, at: TemporaryLeadStore.now)
                #expect(try tx.search(page).first?.lead.id == added, "the transaction's own change")
                throw Rollback()
            }
        }
        let after = try await temp.records.read { [page] tx in try tx.search(page).map(\.lead.id) }
        #expect(after == before, "nothing kept from the rolled-back transaction")
        try await expectPages("after a rollback")
    }
}
