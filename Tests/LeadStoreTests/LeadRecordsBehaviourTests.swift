import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// What every adapter of `LeadRecords` must do, run against each kind of store: a transaction is all or
/// nothing, sees its own writes, and concurrent writers do not lose each other's changes.
@Suite("LeadRecords behaviour, for every store")
struct LeadRecordsBehaviourTests {
    let now = TemporaryLeadStore.now

    @Test("a write transaction that throws leaves nothing behind", arguments: StoreKind.allCases)
    func allOrNothing(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let lead = try temp.capture("jane@brightwater.example")
        let now = now
        await #expect(throws: LifecycleError.self) {
            try await temp.records.write { tx in
                var update = LeadUpdate(leadID: lead, by: "anna@acme.example")
                update.addTags = ["brewery"]
                update.events = [(.note, "spoke to Jane")]
                try tx.apply(update, at: now)
                #expect(try tx.lifecycle(leadID: lead)?.tags == ["brewery"], "a transaction sees its own writes")
                throw LifecycleError.unknownTask(99)
            }
        }
        let (tags, events) = try await temp.records.read { tx in
            (try tx.lifecycle(leadID: lead)?.tags ?? [], try tx.events(leadID: lead).count)
        }
        #expect(tags.isEmpty)
        #expect(events == 0)
    }

    @Test("twenty concurrent writers each keep their change", arguments: StoreKind.allCases)
    func concurrentWriters(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let lead = try temp.capture("jane@brightwater.example")
        let records = temp.records
        let now = now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await records.write { tx in
                        var update = LeadUpdate(leadID: lead, by: "user\(index)@acme.example")
                        update.addTags = ["tag-\(index)"]
                        try tx.apply(update, at: now)
                    }
                }
            }
            try await group.waitForAll()
        }
        let tags = try await records.read { tx in try tx.lifecycle(leadID: lead)?.tags ?? [] }
        #expect(Set(tags) == Set((0..<20).map { "tag-\($0)" }))
    }

    @Test("users: one per address in any case, found in any case, the hash kept apart", arguments: StoreKind.allCases)
    func users(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let now = now
        let added = try await temp.records.write { tx in
            try tx.addUser(TestUsers.sales, passwordHash: "$2b$04$abcdefghijklmnopqrstuv", at: now)
        }
        #expect(added.email == "anna@acme.example")
        await #expect(throws: UserStoreError.exists("anna@acme.example")) {
            try await temp.records.write { tx in
                var shouting = TestUsers.sales
                shouting.email = "ANNA@ACME.EXAMPLE"
                _ = try tx.addUser(shouting, passwordHash: "x", at: now)
            }
        }
        let found = try await temp.records.read { tx in try tx.credentials(email: "Anna@Acme.Example") }
        #expect(found?.user.team == "uk")
        #expect(found?.passwordHash == "$2b$04$abcdefghijklmnopqrstuv")
        var disabled = added
        disabled.isDisabled = true
        try await temp.records.write { [disabled] tx in try tx.updateUser(disabled, at: now) }
        #expect(try await temp.records.read { tx in try tx.user(email: "anna@acme.example") }?.isDisabled == true)
    }

    @Test("deleting a lead removes it from lists and search, and leaves other leads", arguments: StoreKind.allCases)
    func deletion(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let jane = try temp.capture("jane@brightwater.example", text: "Quote for 60 pressure sensors please")
        let omar = try temp.capture("omar@saltmarsh.example", text: "Quote for pressure sensors, 10 units")
        let gone = try await temp.records.write { tx in try tx.deleteLead(jane) }
        #expect(gone.id == jane)
        let found = try await temp.records.read { tx in try tx.search(LeadSearch(text: "pressure")).map(\.lead.id) }
        #expect(found == [omar])
    }
}
