import Foundation
import GRDB
import Leads
import Testing

@testable import LeadStore

/// A fresh SQLite file in a temporary folder, removed when the test ends.
final class TemporaryStore {
    let folder: String
    let store: SQLiteLeadStore

    init() throws {
        folder = NSTemporaryDirectory() + "leadstore-" + UUID().uuidString
        store = try SQLiteLeadStore(path: folder + "/leads.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

func inbound(
    id: String?, from: String = "jane@brightwater.example", text: String = "60 level sensors please",
    thread: [String] = [], enquiry: Bool = true
) -> InboundMessage {
    InboundMessage(
        messageID: id, fingerprint: Fingerprint.of([from, id ?? "", text]), threadIDs: thread,
        date: Date(timeIntervalSince1970: 1_795_000_000), from: "Jane Okafor <\(from)>", to: "sales@acme.example",
        subject: "Level sensors", text: text,
        enquiry: enquiry
            ? Enquiry(
                contact: ContactDetails(name: "Jane Okafor", email: from, phone: "0161 496 0753"),
                subject: "Level sensors", text: text, source: "web-form", campaign: "expo-2026")
            : nil,
        automatedReason: enquiry ? nil : "auto-generated: Auto-Submitted: auto-replied")
}

func reply(_ id: String, to: String = "jane@brightwater.example") -> OutgoingMail {
    OutgoingMail(
        messageID: id, envelopeFrom: "sales@acme.example", recipients: [to], from: "Acme Sales <sales@acme.example>",
        to: to, subject: "Thanks", text: "Thanks for your enquiry", raw: Array("Subject: Thanks\r\n\r\nHi\r\n".utf8))
}

@Suite("SQLite lead store on a real file")
struct SQLiteLeadStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    /// Two leads, each with an automatic reply queued: the outbox's due rows, oldest first.
    func twoQueuedReplies(in temp: TemporaryStore) throws -> [OutboxItem] {
        _ = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in reply("r1@acme.example") }
        _ = try temp.store.recordInbound(inbound(id: "a2@x.example", from: "b@z.example"), at: now) { _ in
            reply("r2@acme.example", to: "b@z.example")
        }
        return try temp.store.dueUnclaimedOutbox(at: now, limit: 10)
    }

    /// A repeat enquiry fills what the contact lacked and never overwrites what it had; one with nothing new
    /// leaves the row untouched (the look-up that decides it skips the upsert for most repeats).
    @Test("a contact's gaps are filled by later messages, its known details kept")
    func contactGapsFilled() throws {
        let temp = try TemporaryStore()
        func message(_ id: String, name: String?, phone: String?, company: String?) -> InboundMessage {
            var message = inbound(id: id)
            message.enquiry?.contact = ContactDetails(name: name, email: "jane@brightwater.example", phone: phone)
            message.enquiry?.contact.company = company
            return message
        }
        _ = try temp.store.recordInbound(
            message("c1@x.example", name: "Jane Okafor", phone: nil, company: nil), at: now
        ) {
            _ in nil
        }
        func contact() throws -> [String?] {
            try temp.store.pool.read { db in
                let row = try #require(
                    try Row.fetchOne(db, sql: "SELECT name, phone, company, created_at FROM contacts"))
                return [row["name"], row["phone"], row["company"], row["created_at"]]
            }
        }
        let first = try contact()
        #expect(first[0...2] == ["Jane Okafor", nil, nil])
        // Nothing new: the row stays exactly as it was.
        _ = try temp.store.recordInbound(message("c2@x.example", name: "J. Okafor", phone: nil, company: nil), at: now)
        {
            _ in nil
        }
        #expect(try contact() == first)
        // A phone and a company it lacked: filled; its name kept.
        _ = try temp.store.recordInbound(
            message("c3@x.example", name: "Janet O.", phone: "0161 496 0753", company: "Brightwater Ltd"), at: now
        ) { _ in nil }
        #expect(try contact()[0...2] == ["Jane Okafor", "0161 496 0753", "Brightwater Ltd"])
        #expect(try temp.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") } == 1)
    }

    @Test("a form's extra fields are stored as JSON with sorted keys, the same bytes in every process, and read back")
    func extraFieldsStoredDeterministically() throws {
        let temp = try TemporaryStore()
        var message = inbound(id: "form-1@x.example")
        message.enquiry?.extraFields = [FormField(name: "Budget", value: "£5k"), FormField(name: "Sites", value: "3")]
        let (outcome, _) = try temp.store.recordInbound(message, at: now) { _ in nil }
        let lead = try #require(outcome.lead)
        let stored = try temp.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT extra_fields FROM leads WHERE id = ?", arguments: [lead.id])
        }
        #expect(stored == #"[{"name":"Budget","value":"£5k"},{"name":"Sites","value":"3"}]"#)
        #expect(try temp.store.workflowItem(leadID: lead.id)?.fields == message.enquiry?.extraFields)
    }

    @Test("a first enquiry opens a lead, logs the message and queues the reply in one go")
    func firstEnquiry() throws {
        let temp = try TemporaryStore()
        let (outcome, queued) = try temp.store.recordInbound(inbound(id: "a1@brightwater.example"), at: now) { _ in
            reply("r1@acme.example")
        }
        guard case .created(let lead) = outcome else {
            Issue.record("expected a new lead, got \(outcome)")
            return
        }
        #expect(lead.number == "L1")
        #expect(lead.email == "jane@brightwater.example")
        #expect(lead.source == "web-form")
        #expect(lead.campaign == "expo-2026")
        #expect(queued?.mail.messageID == "r1@acme.example")
        let log = try temp.store.communications(leadID: lead.id)
        #expect(log.map(\.direction) == [.inbound, .outbound])
        #expect(log.map(\.status) == [.received, .queued])
        #expect(log.first?.messageID == "a1@brightwater.example")
        #expect(try temp.store.dueUnclaimedOutbox(at: now, limit: 10).map(\.mail.messageID) == ["r1@acme.example"])
    }

    @Test("the same message twice is recorded once, by Message-ID or by fingerprint")
    func duplicates() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in reply("r1@acme.example") }
        let again = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in reply("r2@acme.example") }
        #expect(again.outcome == .duplicate(leadID: 1))
        #expect(again.queued == nil)
        let noID = inbound(id: nil)
        _ = try temp.store.recordInbound(noID, at: now) { _ in nil }
        #expect(try temp.store.recordInbound(noID, at: now) { _ in nil }.outcome == .duplicate(leadID: 1))
        #expect(try temp.store.pendingOutbox().count == 1)
    }

    @Test("a repeat enquiry from the same address, any case, joins the open lead; a closed lead starts a new one")
    func repeatEnquiry() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in nil }
        let second = try temp.store.recordInbound(
            inbound(id: "a2@x.example", from: "Jane@Brightwater.example", text: "And 10 flow sensors"), at: now
        ) { _ in nil }
        guard case .attached(let lead, .repeatEnquiry) = second.outcome else {
            Issue.record("expected a repeat, got \(second.outcome)")
            return
        }
        #expect(lead.id == 1)
        try temp.store.setStatus(leadID: 1, to: .rejected, at: now)
        let third = try temp.store.recordInbound(inbound(id: "a3@x.example", text: "New project"), at: now) { _ in nil }
        guard case .created(let newLead) = third.outcome else {
            Issue.record("expected a new lead")
            return
        }
        #expect(newLead.id == 2)
        #expect(try temp.store.leads(LeadQuery()).count == 2)
    }

    @Test("a reply naming our reply's Message-ID joins that lead, even from another address or when automated")
    func threadReply() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in reply("r1@acme.example") }
        var seen: IntakeOutcome?
        let answer = try temp.store.recordInbound(
            inbound(id: "b1@y.example", from: "jokafor@gmail.example", text: "Yes please", thread: ["r1@acme.example"]),
            at: now
        ) { outcome in
            seen = outcome
            return nil
        }
        #expect(answer.outcome.lead?.id == 1)
        guard case .attached(_, .threadReply) = seen else {
            Issue.record("compose saw \(String(describing: seen))")
            return
        }
        let outOfOffice = try temp.store.recordInbound(
            inbound(id: "c1@y.example", text: "I am away", thread: ["r1@acme.example"], enquiry: false), at: now
        ) { _ in nil }
        #expect(outOfOffice.outcome.lead?.id == 1)
        let stray = try temp.store.recordInbound(inbound(id: "d1@y.example", text: "spam", enquiry: false), at: now) {
            _ in nil
        }
        #expect(stray.outcome == .ignored(reason: "auto-generated: Auto-Submitted: auto-replied"))
        #expect(try temp.store.communications(leadID: 1).count == 4)
    }

    @Test("a compose failure rolls the whole message back")
    func rollback() throws {
        struct Broken: Error {}
        let temp = try TemporaryStore()
        #expect(throws: Broken.self) {
            try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in throw Broken() }
        }
        #expect(try temp.store.leads(LeadQuery()).isEmpty)
        #expect(try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in nil }.outcome.lead != nil)
    }

    @Test("delivery: claim, hand over, finish; the outbox row and the log entry follow; failures retry or give up")
    func delivery() throws {
        let temp = try TemporaryStore()
        let due = try twoQueuedReplies(in: temp)
        #expect(due.count == 2)
        let limits = DeliveryLimits(perRecipient: nil)
        #expect(try temp.store.claimOutbox(id: due[0].id, owner: "p1", limits: limits, at: now) == .claimed)
        #expect(
            try temp.store.claimOutbox(id: due[0].id, owner: "p2", limits: limits, at: now) == .unavailable,
            "a claimed row belongs to one process")
        try temp.store.markHandedOver(outboxID: due[0].id, owner: "p1", at: now)
        try temp.store.finishSent(outboxID: due[0].id, serverReply: "250 2.0.0 Ok: queued as 4F2", at: now)

        let later = now.addingTimeInterval(60)
        #expect(try temp.store.claimOutbox(id: due[1].id, owner: "p1", limits: limits, at: now) == .claimed)
        try temp.store.finishFailed(
            outboxID: due[1].id, error: "451 try later", retryAt: later, outcome: .rejected, at: now)
        #expect(try temp.store.dueUnclaimedOutbox(at: now, limit: 10).isEmpty)
        #expect(try temp.store.dueUnclaimedOutbox(at: later, limit: 10).map(\.attempts) == [1])
        #expect(try temp.store.claimOutbox(id: due[1].id, owner: "p1", limits: limits, at: later) == .claimed)
        try temp.store.finishFailed(
            outboxID: due[1].id, error: "550 no such user", retryAt: nil, outcome: .rejected, at: later)
        #expect(try temp.store.dueUnclaimedOutbox(at: later.addingTimeInterval(9999), limit: 10).isEmpty)
        #expect(try temp.store.pendingOutbox().map(\.state) == [.failed])
        let first = try temp.store.communications(leadID: 1).last
        #expect(first?.status == .sent)
        #expect(first?.detail == "250 2.0.0 Ok: queued as 4F2")
        #expect(try temp.store.communications(leadID: 2).last?.status == .failed)
        #expect(try temp.store.outboxAttempts(outboxID: due[1].id).count == 2, "each attempt is kept")
    }

    @Test("a claim that hands over records both in one update; a plain claim leaves the handover to markHandedOver")
    func claimHandingOver() throws {
        let temp = try TemporaryStore()
        let due = try twoQueuedReplies(in: temp)
        let limits = DeliveryLimits(perRecipient: nil)
        #expect(
            try temp.store.claimOutbox(id: due[0].id, owner: "p1", limits: limits, at: now, handingOver: true)
                == .claimed)
        #expect(try temp.store.claimOutbox(id: due[1].id, owner: "p1", limits: limits, at: now) == .claimed)
        let entries = try temp.store.outboxEntries(includeSent: false)
        #expect(entries.map(\.claimedBy) == ["p1", "p1"])
        #expect(entries[0].handedOverAt == now, "claimed and handed over")
        #expect(entries[1].handedOverAt == nil, "claimed only")
        // A dead owner's handed-over row is uncertain unless the transport delivers each reply once.
        let recovery = try temp.store.recoverAbandonedOutbox(
            isAbandoned: { _ in true }, resendIsHarmless: false, at: now)
        #expect(recovery.uncertain == [due[0].id])
        #expect(recovery.requeued == [due[1].id])
    }

    @Test(
        "a claim commits without an fsync of its own, yet another process sees it at once, and the next commits sync again"
    )
    func claimDefersItsSync() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.recordInbound(inbound(id: "a1@x.example"), at: now) { _ in reply("r1@acme.example") }
        let other = try SQLiteLeadStore(path: temp.folder + "/leads.sqlite")
        let row = try #require(try temp.store.dueUnclaimedOutbox(at: now, limit: 1).first)
        #expect(
            try temp.store.claimOutbox(id: row.id, owner: "p1", limits: DeliveryLimits(perRecipient: nil), at: now)
                == .claimed)
        #expect(try other.dueUnclaimedOutbox(at: now, limit: 10).isEmpty, "the claim is visible to a second process")
        // synchronous: 2 = FULL. The writer is back to syncing every commit (the handover, the next message).
        #expect(try temp.store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        try temp.store.markHandedOver(outboxID: row.id, owner: "p1", at: now)
        #expect(try other.pendingOutbox().first?.state == .queued, "handed over, still queued until the relay answers")
    }

    @Test("two stores on one file racing on the same messages record each once")
    func concurrentProcesses() async throws {
        let temp = try TemporaryStore()
        let other = try SQLiteLeadStore(path: temp.folder + "/leads.sqlite")
        let stores: [SQLiteLeadStore] = [temp.store, other]
        let now = self.now
        let outcomes = try await withThrowingTaskGroup(of: IntakeOutcome.self) { group in
            for index in 0..<40 {
                let store = stores[index % 2]
                let message = inbound(id: "m\(index / 2)@x.example", from: "c\(index / 4)@x.example")
                group.addTask { try store.recordInbound(message, at: now) { _ in nil }.outcome }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let duplicates = outcomes.filter { if case .duplicate = $0 { true } else { false } }
        #expect(duplicates.count == 20)
        #expect(try temp.store.leads(LeadQuery()).count == 10)
    }
}
