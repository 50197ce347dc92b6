import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// More of what every adapter of `LeadRecords` must do alike: sessions, tasks, merge, letters, reports and
/// duplicates, each run on SQLite and on PostgreSQL.
@Suite("LeadRecords behaviour: people's work, for every store")
struct LeadRecordsWorkBehaviourTests {
    let now = TemporaryLeadStore.now

    @Test(
        "web sessions: found by selector with the user as now stored, revoked, cleared", arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let now = now
        let user = try await temp.records.write { tx in
            try tx.addUser(TestUsers.sales, passwordHash: "$2b$04$abcdefghijklmnopqrstuv", at: now)
        }
        let session = try await temp.records.write { tx in
            try tx.addSession(
                StoredWebSession(
                    selector: "sel-1", verifierHash: "$2b$04$hash", user: user, csrfToken: "csrf-1",
                    client: "192.0.2.7", createdAt: now, expiresAt: now.addingTimeInterval(3600)))
        }
        #expect(session.id > 0)
        var disabled = user
        disabled.isDisabled = true
        try await temp.records.write { [disabled] tx in try tx.updateUser(disabled, at: now) }
        let found = try #require(try await temp.records.read { tx in try tx.session(selector: "sel-1") })
        #expect(found.user.isDisabled, "the user as now stored")
        #expect(found.csrfToken == "csrf-1")
        #expect(found.expiresAt == now.addingTimeInterval(3600))
        #expect(found.revokedAt == nil)
        let revoked = try await temp.records.write { tx in try tx.revokeSessions(userID: user.id, at: now) }
        #expect(revoked == 1)
        #expect(try await temp.records.read { tx in try tx.session(selector: "sel-1") }?.revokedAt == now)
        let cleared = try await temp.records.write { tx in
            try tx.deleteSessions(endedBefore: now.addingTimeInterval(1))
        }
        #expect(cleared == 1)
        #expect(try await temp.records.read { tx in try tx.session(selector: "sel-1") } == nil)
    }

    @Test("tasks: created with the lead's owner, open by due day, completed once", arguments: StoreKind.allCases)
    func tasks(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let lead = try temp.capture("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let now = now
        try await temp.records.write { tx in
            var update = LeadUpdate(leadID: lead, by: "anna@acme.example")
            update.newTasks = [
                .init(kind: .email, due: "2026-12-30"), .init(kind: .call, due: "2026-12-28", isFollowUp: true),
            ]
            try tx.apply(update, at: now)
        }
        let open = try await temp.records.read { tx in try tx.openTasks(owner: "Anna@Acme.example") }
        #expect(open.map(\.due) == ["2026-12-28", "2026-12-30"])
        #expect(open.allSatisfy { $0.owner == "anna@acme.example" })
        let call = open[0]
        #expect(try await temp.records.read { tx in try tx.leadID(ofTask: call.id) } == lead)
        let done = try await temp.records.write { tx in
            try tx.completeTask(id: call.id, by: "anna@acme.example", at: now)
        }
        #expect(done.doneAt == now)
        await #expect(throws: LifecycleError.self) {
            _ = try await temp.records.write { tx in try tx.completeTask(id: call.id, by: "anna@acme.example", at: now)
            }
        }
        let lead1 = try await temp.records.read { tx in try tx.lead(id: lead) }
        #expect(lead1?.status == .contacted, "a logged call is human contact")
        let events = try await temp.records.read { tx in try tx.events(leadID: lead).map(\.text) }
        #expect(events.contains { $0.hasPrefix("task \(call.id) done: call") })
    }

    @Test("merge: the duplicate's log, tags and tasks move over; it is gone", arguments: StoreKind.allCases)
    func merge(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let keep = try temp.capture("jane@brightwater.example")
        let gone = try temp.capture("j.doe@brightwater.example", text: "Second address, same person")
        let now = now
        try await temp.records.write { tx in
            var update = LeadUpdate(leadID: gone, by: "anna@acme.example")
            update.addTags = ["brewery", "expo"]
            update.newTasks = [.init(kind: .call, due: "2026-12-28")]
            try tx.apply(update, at: now)
            var other = LeadUpdate(leadID: keep, by: "anna@acme.example")
            other.addTags = ["brewery"]
            try tx.apply(other, at: now)
        }
        try await temp.records.write { tx in try tx.merge(gone, into: keep, by: "anna@acme.example", at: now) }
        let (lead, log, tags, tasks) = try await temp.records.read { tx in
            (
                try tx.lead(id: gone), try tx.communications(leadID: keep).count,
                try tx.lifecycle(leadID: keep)?.tags ?? [], try tx.tasks(leadID: keep).count
            )
        }
        #expect(lead == nil)
        #expect(log == 2)
        #expect(tags == ["brewery", "expo"], "a tag on both is kept once")
        #expect(tasks == 1)
        await #expect(throws: LifecycleError.self) {
            try await temp.records.write { tx in try tx.merge(gone, into: keep, by: "anna@acme.example", at: now) }
        }
    }

    @Test("a letter queued on a lead is logged and waits in the outbox, bytes intact", arguments: StoreKind.allCases)
    func queue(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let lead = try temp.capture("jane@brightwater.example")
        let now = now
        let raw = Array("Subject: =?UTF-8?B?w5xiZXI=?=\r\n\r\nDanke, Jürgen \u{00}\r\n".utf8)
        let mail = OutgoingMail(
            messageID: "letter-1@acme.example", envelopeFrom: "sales@acme.example",
            recipients: ["jane@brightwater.example"], from: "Acme Sales <sales@acme.example>",
            to: "jane@brightwater.example", subject: "Über your quote", text: "Danke, Jürgen", raw: raw)
        let item = try await temp.records.write { tx in try tx.queue(mail, leadID: lead, at: now) }
        #expect(item.id > 0)
        #expect(item.state == .queued)
        let log = try await temp.records.read { tx in try tx.communications(leadID: lead) }
        #expect(log.last?.direction == .outbound)
        #expect(log.last?.status == .queued)
        #expect(log.last?.subject == "Über your quote")
        await #expect(throws: LifecycleError.self) {
            _ = try await temp.records.write { tx in try tx.queue(mail, leadID: 999, at: now) }
        }
    }

    @Test(
        "reports count leads created in the range and tag; duplicates pair the same phone",
        arguments: StoreKind.allCases)
    func reportsAndDuplicates(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let jane = try temp.capture("jane@brightwater.example")
        _ = try temp.capture("jane@brightwater-brewing.example")
        let now = now
        try await temp.records.write { tx in
            var update = LeadUpdate(leadID: jane, by: "anna@acme.example")
            update.addTags = ["expo"]
            try tx.apply(update, at: now)
        }
        let all = try await temp.records.read { tx in
            try tx.reportedLeads(from: now.addingTimeInterval(-1), until: now.addingTimeInterval(1), tag: nil)
        }
        #expect(all.count == 2)
        #expect(all.allSatisfy { $0.source == "web-form" && $0.campaign == "expo-2026" && $0.createdAt == now })
        let tagged = try await temp.records.read { tx in try tx.reportedLeads(from: nil, until: nil, tag: "expo") }
        #expect(tagged.count == 1)
        let later = try await temp.records.read { tx in
            try tx.reportedLeads(from: now.addingTimeInterval(1), until: nil, tag: nil)
        }
        #expect(later.isEmpty)
        let pairs = try await temp.records.read { tx in try tx.possibleDuplicates(freeMailDomains: []) }
        // Different addresses, domains and no company, but one phone number, compared in E.164.
        #expect(pairs.map(\.reason) == ["the phone +441614960753 in both"], "\(pairs)")
        let item = try await temp.records.read { tx in try tx.workflowItem(leadID: jane) }
        #expect(item?.isNew == true)
        #expect(item?.enquiryCount == 1)
    }
}
