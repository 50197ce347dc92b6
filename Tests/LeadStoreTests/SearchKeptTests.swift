import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// A word's matches are kept between searches (SQLite's `SearchMatches`, while the search index is unchanged):
/// every new, edited or deleted lead must show in the next page read. More than a thousand leads match, so that
/// the page is read from the kept set (fewer are left to SQLite's plan). On both stores, so the two agree.
@Suite("Kept search matches follow every change")
struct SearchKeptTests {
    static func message(_ email: String, name: String, text: String) -> InboundMessage {
        InboundMessage(
            messageID: "\(UUID().uuidString)@mail.example", fingerprint: Fingerprint.of([email, UUID().uuidString]),
            threadIDs: [], date: TemporaryLeadStore.now, from: "\(name) <\(email)>", to: "sales@acme.example",
            subject: "Level sensors", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: name, email: email),
                subject: "Level sensors", text: text, source: "web-form", campaign: nil))
    }

    @Test(
        "a page of a search read after a new lead, a renamed lead and a deleted lead is the unpaged search's",
        arguments: StoreKind.allCases)
    func followsChanges(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let batch = (0..<1100).map { index in
            Self.message(
                "buyer\(index)@customer.example", name: "Buyer \(index)",
                text: index % 10 == 0 ? "Pumps for the dairy, please." : "Level sensors for the brewery, please.")
        }
        let recorded =
            if let postgres = temp.postgres {
                try postgres.recordBatch(batch, at: TemporaryLeadStore.now)
            } else {
                try temp.store.recordBatch(batch, at: TemporaryLeadStore.now)
            }
        let leads = recorded.compactMap(\.lead?.id)
        #expect(leads.count == 1100)
        let searches = [
            LeadSearch(text: "\"sens\"*", order: .newest), LeadSearch(text: "\"level\" \"brewery\"*", order: .score),
            LeadSearch(text: "\"sensible\"", order: .newest),
        ]

        /// The first two pages of each search, against the whole search.
        func expectPages(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try await expectPagesAreSlices(
                of: searches, offsets: [0, 20], limit: 20, in: temp.records, what, sourceLocation: sourceLocation)
        }
        try await expectPages("at first")

        let fresh = try temp.capture("new@customer.example", text: "Sensors for a silo.")
        try await expectPages("a new lead")
        let found = try await temp.records.read { tx in try tx.search(LeadSearch(text: "\"sens\"*", limit: 5)) }
        #expect(found.map(\.lead.id).contains(fresh), "the new lead is found")

        var renamed = LeadUpdate(leadID: leads[10], by: "anna@acme.example")
        renamed.contact = .init(name: "Sensible Sam", company: "Sensing Ltd")
        try await temp.records.write { [renamed] tx in try tx.apply(renamed, at: TemporaryLeadStore.now) }
        try await expectPages("a lead renamed")
        let sensible = try await temp.records.read { tx in
            try tx.search(LeadSearch(text: "\"sensible\"", order: .newest, limit: 5)).map(\.lead.id)
        }
        #expect(sensible == [leads[10]])

        _ = try await temp.records.write { [leads] tx in try tx.deleteLead(leads[1098]) }
        _ = try await temp.records.write { [leads] tx in try tx.deleteLead(leads[1099]) }
        try await expectPages("two leads deleted")
    }
}
