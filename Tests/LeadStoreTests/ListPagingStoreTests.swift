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

    @Test(
        "a word's kept matches serve it in any company: words in another order or with others find what they did",
        arguments: StoreKind.allCases)
    func wordsInCombination(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        // Over a thousand leads with both words: the SQLite store then walks the list with the words' kept sets.
        for index in 0..<1_400 {
            let words = index % 4 == 3 ? "pressure sensor pump" : "radar level sensor"
            try temp.capture("buyer\(index)@customer.example", text: "Please quote a \(words), lot \(index).")
        }
        func ids(_ text: String) async throws -> [Int64] {
            let search = LeadSearch(text: text, order: .newest, limit: 60)
            return try await temp.records.read { tx in try tx.search(search).map(\.lead.id) }
        }
        let sensor = try await ids("\"sensor\"*")
        let radar = try await ids("\"radar\"")
        let both = try await ids("\"sensor\"* \"radar\"")
        #expect(sensor.count == 60 && radar.count == 60 && both.count == 60)
        #expect(try await ids("\"radar\" \"sensor\"*") == both, "the same words in another order")
        #expect(try await ids("\"radar\" \"sensor\"* \"radar\"") == both, "a word twice")
        #expect(try await ids("\"level\" \"radar\"") == both, "words with the same leads")
        // The leads with both words are those written with both (three leads in four).
        let all = try await temp.records.read { tx in try tx.search(LeadSearch(order: .newest)) }
        let expected = all.filter { $0.lead.enquiry.contains("radar level sensor") }.prefix(60).map(\.lead.id)
        #expect(both == Array(expected))
        #expect(try await ids("\"pump\" \"radar\"").isEmpty, "words never written together")
    }

    @Test("searches for different words at once each find their own leads (each word's set read on its own)")
    func wordsAtOnce() async throws {
        let temp = try TemporaryLeadStore(.sqlite)
        let words = ["radar", "pump", "valve", "silo"]
        for index in 0..<1_600 {
            let text = "Please quote a \(words[index % 4]) and a \(words[(index + 1) % 4]) sensor, lot \(index)."
            try temp.capture("buyer\(index)@customer.example", text: text)
        }
        let all = try await temp.records.read { tx in try tx.search(LeadSearch(order: .newest)) }
        let asked = words.map { "\"\($0)\"*" } + ["\"sensor\"*", "\"radar\" \"pump\"*", "\"silo\"* \"radar\""]
        let found = try await withThrowingTaskGroup(of: (String, [Int64]).self) { group in
            for _ in 0..<3 {
                for text in asked {
                    group.addTask {
                        let search = LeadSearch(text: text, order: .newest, limit: 40)
                        return (text, try await temp.records.read { tx in try tx.search(search).map(\.lead.id) })
                    }
                }
            }
            return try await group.reduce(into: [(String, [Int64])]()) { $0.append($1) }
        }
        #expect(found.count == asked.count * 3)
        for (text, ids) in found {
            let needed = text.split(separator: " ").map {
                $0.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "*", with: "")
            }
            let expected = all.filter { listing in needed.allSatisfy { listing.lead.enquiry.contains($0) } }
            #expect(ids == Array(expected.prefix(40).map(\.lead.id)), "\(text)")
        }
    }

    @Test(
        "pages of My leads, a status and a deep page past the last lead are the unpaged list's, in scope",
        arguments: StoreKind.allCases)
    func filteredPages(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let owners: [String?] = ["anna@acme.example", "ben@acme.example", nil]
        for index in 0..<240 {
            let lead = try temp.capture(
                "buyer\(index)@customer.example", owner: owners[index % 3], team: "uk", text: "Lot \(index).")
            var update = LeadUpdate(leadID: lead, by: LeadEvent.system)
            update.score = index % 7 * 10
            if index % 5 == 0 { update.status = (StatusChange(status: .qualified), .new) }
            try await temp.records.write { [update] tx in try tx.apply(update, at: TemporaryLeadStore.now) }
        }
        let reach = LeadReach(person: "anna@acme.example", team: "uk", teamMembers: nil)
        for (owner, status, order) in [
            ("anna@acme.example" as String?, nil as LeadStatus?, LeadSearch.Order.score),
            ("anna@acme.example", nil, .newest), (nil, .qualified, .score), ("anna@acme.example", .qualified, .score),
        ] {
            var all = LeadSearch(status: status, owner: owner, order: order)
            all.reach = reach
            let whole = try await temp.records.read { [all] tx in try tx.search(all).map(\.lead.id) }
            #expect(whole.count > 10)
            var pages: [Int64] = []
            var page = all
            page.limit = 11
            while true {
                let found = try await temp.records.read { [page] tx in try tx.search(page) }
                pages += found.prefix(10).map(\.lead.id)
                guard found.count == 11 else { break }
                page.offset += 10
            }
            #expect(pages == whole, "\(owner ?? "anyone"), \(status?.rawValue ?? "any status"), \(order)")
            page.offset = 1000
            let past = try await temp.records.read { [page] tx in try tx.search(page) }
            #expect(past.isEmpty, "a page past the last lead")
        }
    }

    @Test("reminders come due: only open leads whose day is today or earlier", arguments: StoreKind.allCases)
    func remindersDue(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        var due: [Int64] = []
        for (index, day) in ["2026-11-30", "2026-12-01", "2026-12-02", nil].enumerated() {
            let lead = try temp.capture("buyer\(index)@customer.example", owner: "anna@acme.example", team: "uk")
            var update = LeadUpdate(leadID: lead, by: "anna@acme.example")
            update.remindOn = day
            try await temp.records.write { [update] tx in try tx.apply(update, at: TemporaryLeadStore.now) }
            if let day, day <= "2026-12-01" { due.append(lead) }
        }
        let other = try temp.capture("other@customer.example", owner: "ben@acme.example", team: "uk")
        var update = LeadUpdate(leadID: other, by: "ben@acme.example")
        update.remindOn = "2026-11-01"
        try await temp.records.write { [update] tx in try tx.apply(update, at: TemporaryLeadStore.now) }
        var search = LeadSearch(owner: "anna@acme.example", order: .newest)
        search.remindBy = "2026-12-01"
        search.openOnly = true
        let found = try await temp.records.read { [search] tx in try tx.search(search).map(\.lead.id) }
        #expect(Set(found) == Set(due))
        search.owner = nil
        let everyone = try await temp.records.read { [search] tx in try tx.search(search).map(\.lead.id) }
        #expect(Set(everyone) == Set(due + [other]))
    }

    @Test("only the leads asked for by id, with their tags, in the list's order", arguments: StoreKind.allCases)
    func byIDs(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        var leads: [Int64] = []
        for index in 0..<6 {
            leads.append(try temp.capture("buyer\(index)@customer.example", owner: "anna@acme.example", team: "uk"))
        }
        var tagged = LeadUpdate(leadID: leads[3], by: "anna@acme.example")
        tagged.addTags = ["expo", "atex"]
        try await temp.records.write { [tagged] tx in try tx.apply(tagged, at: TemporaryLeadStore.now) }
        let asked = [leads[3], leads[0], leads[5], 999_999]
        var search = LeadSearch(order: .newest, limit: asked.count)
        search.ids = asked
        let found = try await temp.records.read { [search] tx in try tx.search(search) }
        let newest = try await temp.records.read { tx in try tx.search(LeadSearch(order: .newest)).map(\.lead.id) }
        #expect(found.map(\.lead.id) == newest.filter { asked.contains($0) })
        #expect(found.first { $0.lead.id == leads[3] }?.lifecycle.tags == ["atex", "expo"])
        search.ids = []
        let none = try await temp.records.read { [search] tx in try tx.search(search) }
        #expect(none.isEmpty, "none asked, none found")
        search.ids = [leads[1]]
        search.owner = "ben@acme.example"
        let others = try await temp.records.read { [search] tx in try tx.search(search) }
        #expect(others.isEmpty, "the other filters hold")
    }
}
