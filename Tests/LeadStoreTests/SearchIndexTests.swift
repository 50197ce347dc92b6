import Foundation
import GRDB
import Leads
import Testing

@testable import LeadStore

/// The search index (`leads_fts`) is written once per commit from the leads the triggers noted (v9): whatever a
/// transaction did, with savepoints undone, merges and upgrades, the committed index matches the leads.
@Suite struct SearchIndexTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    /// FTS5's own check of the index against the leads table; it throws when an entry is missing or left over.
    func checkIndex(_ store: SQLiteLeadStore) throws {
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM leads_fts_pending") == 0)
        }
    }

    func found(_ store: SQLiteLeadStore, _ words: String) throws -> [String] {
        try store.search(LeadSearch(text: words)).map(\.lead.email).sorted()
    }

    @Test("leads recorded in one transaction, one savepoint each, one of them undone, are all found after the commit")
    func batchOfSavepoints() throws {
        let temp = try TemporaryStore()
        try temp.store.inOneTransaction {
            for number in 1...40 {
                let email = "buyer\(number)@lead\(number).example"
                _ = try temp.store.recordInbound(
                    inbound(id: "m\(number)", from: email, text: "word\(number) pumps"), at: now
                ) { _ in nil }
            }
            // A message whose recording fails is undone with its savepoint, index note included.
            #expect(throws: (any Error).self) {
                try temp.store.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO leads (contact_id, email, source, created_at, updated_at, enquiry)
                            VALUES (1, 'undone@lead.example', 'email', '2026-01-01', '2026-01-01', 'word99')
                            """)
                    throw StoreError(path: "", operation: "a test", underlying: "undone")
                }
            }
        }
        try checkIndex(temp.store)
        #expect(try found(temp.store, "word17") == ["buyer17@lead17.example"])
        #expect(try found(temp.store, "pumps").count == 40)
        #expect(try found(temp.store, "word99").isEmpty)
    }

    @Test("a merge in the transaction that recorded both leads keeps the index exact; the kept lead gains the name")
    func mergeInOneTransaction() throws {
        let temp = try TemporaryStore()
        var leads: [Lead] = []
        try temp.store.inOneTransaction {
            for email in ["first@lead.example", "second@lead.example"] {
                let (outcome, _) = try temp.store.recordInbound(
                    inbound(id: email, from: email, text: "valves for \(email.prefix(5))"), at: now
                ) { _ in nil }
                leads.append(try #require(outcome.lead))
            }
            try temp.store.merge(leads[1].id, into: leads[0].id, by: "anna", at: now)
        }
        try checkIndex(temp.store)
        #expect(try found(temp.store, "valves") == ["first@lead.example"])
        #expect(try found(temp.store, "secon*").isEmpty, "the merged lead's words are gone with it")
        #expect(try found(temp.store, "okafor") == ["first@lead.example"])
    }

    @Test("a merge of leads indexed by earlier commits removes the merged lead's entry and updates the kept one")
    func mergeOfIndexedLeads() throws {
        let temp = try TemporaryStore()
        var leads: [Lead] = []
        for email in ["first@lead.example", "second@lead.example"] {
            let (outcome, _) = try temp.store.recordInbound(
                inbound(id: email, from: email, text: "gauges for \(email.prefix(5))"), at: now
            ) { _ in nil }
            leads.append(try #require(outcome.lead))
        }
        try checkIndex(temp.store)
        #expect(try found(temp.store, "secon*") == ["second@lead.example"])
        try temp.store.merge(leads[1].id, into: leads[0].id, by: "anna", at: now)
        try checkIndex(temp.store)
        #expect(try found(temp.store, "gauges") == ["first@lead.example"])
        #expect(try found(temp.store, "secon*").isEmpty, "the merged lead's words are gone with it")
    }

    @Test("v9 replaces the index triggers of a v8 database; old leads stay found and new ones are added")
    func upgrade() throws {
        let older = try OlderDatabase(upTo: "v8-time-rule-indexes")
        defer { withExtendedLifetime(older) {} }
        try older.pool.write { db in
            try db.execute(sql: OlderDatabase.contactAndLead(email: "old@lead.example", enquiry: "old pumps"))
        }
        let store = try older.upgraded()
        let triggers = try store.pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'leads_fts%'")
        }
        #expect(
            triggers.sorted()
                == ["leads_fts_pending_delete", "leads_fts_pending_insert", "leads_fts_pending_update"])
        _ = try store.recordInbound(inbound(id: "new", from: "new@lead.example", text: "new pumps"), at: now) { _ in
            nil
        }
        try checkIndex(store)
        #expect(try found(store, "pumps") == ["new@lead.example", "old@lead.example"])
        #expect(try found(store, "old") == ["old@lead.example"])
    }
}
