import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// The list's pages are the whole list cut in pieces, on both stores, whichever way a page is found: by the
/// list's indexes, or with words that match so many leads that the SQLite store walks the list and looks each
/// lead up in the set it kept for the words (and must forget that set when the index changes).
@Suite("List pages, for every store")
struct ListPagingStoreTests {
    @Test(
        "pages of a search matching over a thousand leads are the unpaged list's, in scope",
        arguments: StoreKind.allCases)
    func manyMatches(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let owners: [String?] = ["anna@acme.example", "ben@acme.example", "dieter@acme.example", nil]
        for index in 0..<1_150 {
            let words = index % 3 == 0 ? "radar level sensor for the silo" : "pressure sensor for a tank"
            try temp.capture(
                "buyer\(index)@customer.example", owner: owners[index % 4], team: index % 4 == 2 ? "dach" : "uk",
                text: "Please quote a \(words), lot \(index).")
        }
        let reach = LeadReach(person: "anna@acme.example", team: "uk", teamMembers: nil)
        for (text, scope, order) in [
            ("\"sensor\"*", nil as LeadReach?, LeadSearch.Order.score), ("\"sensor\"*", reach, .newest),
            ("\"radar\" \"silo\"", reach, .score), ("\"tank\"*", nil, .newest),
        ] {
            var all = LeadSearch(text: text, order: order)
            all.reach = scope
            let whole = try await temp.records.read { [all] tx in try tx.search(all).map(\.lead.id) }
            #expect(whole.count > 100, "\(text)")
            var pages: [Int64] = []
            var page = all
            page.limit = 51
            while true {
                let found = try await temp.records.read { [page] tx in try tx.search(page) }
                pages += found.prefix(50).map(\.lead.id)
                guard found.count == 51 else { break }
                page.offset += 50
            }
            #expect(pages == whole, "\(text), \(scope == nil ? "every lead" : "Anna's reach"), \(order)")
        }
        // A new match and a deleted one show on the next page read: what was kept for the words is forgotten.
        var first = LeadSearch(text: "\"sensor\"*", order: .newest, limit: 5)
        let before = try await temp.records.read { [first] tx in try tx.search(first).map(\.lead.id) }
        let added = try temp.capture("late@customer.example", text: "One more sensor, please.")
        first.limit = 5
        let after = try await temp.records.read { [first] tx in try tx.search(first).map(\.lead.id) }
        #expect(after == [added] + before.prefix(4))
        _ = try await temp.records.write { tx in try tx.deleteLead(added) }
        let gone = try await temp.records.read { [first] tx in try tx.search(first).map(\.lead.id) }
        #expect(gone == before)
    }
}
