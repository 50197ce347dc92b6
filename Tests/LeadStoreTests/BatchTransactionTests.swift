import Foundation
import Leads
import Testing

@testable import LeadStore

/// `inOneTransaction`: a backlog's messages share one commit, yet each one still stands or falls alone.
@Suite("One transaction for a batch of messages")
struct BatchTransactionTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    struct ComposeFailed: Error {}

    @Test("a message that fails inside the batch undoes only itself; the others commit together")
    func oneFailureUndoesOnlyItself() throws {
        let temp = try TemporaryStore()
        var failures = 0
        try temp.store.inOneTransaction {
            for (index, sender) in ["a@one.example", "b@two.example", "c@three.example"].enumerated() {
                do {
                    _ = try temp.store.recordInbound(inbound(id: "m\(index)@x.example", from: sender), at: now) { _ in
                        // The second message's reply cannot be made: its lead and log entry must vanish with it.
                        if index == 1 { throw ComposeFailed() }
                        return reply("r\(index)@acme.example", to: sender)
                    }
                } catch is ComposeFailed {
                    failures += 1
                }
            }
        }
        #expect(failures == 1)
        let leads = try temp.store.leads(LeadQuery())
        #expect(Set(leads.map(\.email)) == ["a@one.example", "c@three.example"])
        #expect(
            try temp.store.pendingOutbox().map(\.mail.messageID).sorted() == ["r0@acme.example", "r2@acme.example"])
    }

    @Test("reads inside the batch see its own writes: a contact's second message is a repeat, not a second lead")
    func readsSeeTheBatch() throws {
        let temp = try TemporaryStore()
        let outcomes = try temp.store.inOneTransaction {
            let first = try temp.store.recordInbound(inbound(id: "first@x.example"), at: now) { _ in
                reply("r1@acme.example")
            }
            // Store reads made by the pipeline between messages (the repeat window's last reply) see the batch.
            #expect(try temp.store.leads(LeadQuery()).count == 1)
            #expect(try temp.store.lastAutoReply(to: "jane@brightwater.example") != nil)
            let second = try temp.store.recordInbound(inbound(id: "second@x.example", text: "and 20 more"), at: now) {
                _ in nil
            }
            return [first.outcome, second.outcome]
        }
        guard case .created(let lead) = outcomes[0], case .attached(let again, .repeatEnquiry) = outcomes[1] else {
            Issue.record("expected a new lead then a repeat, got \(outcomes)")
            return
        }
        #expect(again.id == lead.id)
        #expect(try temp.store.leads(LeadQuery()).count == 1)
    }

    @Test("nothing is committed when the batch itself throws, and other connections never see it half done")
    func throwingBatchCommitsNothing() throws {
        let temp = try TemporaryStore()
        let other = try SQLiteLeadStore(path: temp.store.path)
        #expect(throws: ComposeFailed.self) {
            try temp.store.inOneTransaction {
                _ = try temp.store.recordInbound(inbound(id: "lost@x.example"), at: now) { _ in nil }
                #expect(try other.leads(LeadQuery()).isEmpty, "another connection saw an uncommitted lead")
                throw ComposeFailed()
            }
        }
        #expect(try temp.store.leads(LeadQuery()).isEmpty)
        #expect(try other.leads(LeadQuery()).isEmpty)
    }

    @Test("a batch committed .untilSynced is there for every connection at once; the writer then syncs again")
    func commitUntilSynced() throws {
        let temp = try TemporaryStore()
        let other = try SQLiteLeadStore(path: temp.store.path)
        // A store that has written nothing has no log handle yet: nothing to sync, and no error.
        try temp.store.syncCommits()
        let outcome = try temp.store.inOneTransaction(.untilSynced) {
            try temp.store.recordInbound(inbound(id: "deferred@x.example"), at: now) { _ in reply("r@acme.example") }
        }
        guard case .created(let lead) = outcome.outcome else {
            Issue.record("expected a new lead, got \(outcome.outcome)")
            return
        }
        // Committed: another process sees the lead and its queued reply before any sync.
        #expect(try other.lead(id: lead.id)?.email == "jane@brightwater.example")
        #expect(try other.pendingOutbox().map(\.mail.messageID) == ["r@acme.example"])
        // synchronous: 2 = FULL. Only that transaction skipped the WAL's fsync; the next commit syncs as before.
        #expect(try temp.store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        try temp.store.syncCommits()
        try temp.store.setStatus(leadID: lead.id, to: .contacted, at: now)
        #expect(try other.lead(id: lead.id)?.status == .contacted)
    }

    @Test("a reply's round: the handover's durable commit covers the intake's; the sent record waits for the next")
    func durableCommitCoversEarlierOnes() throws {
        let temp = try TemporaryStore()
        let ledger = temp.store.ledger
        _ = try temp.store.inOneTransaction(.untilSynced) {
            try temp.store.recordInbound(inbound(id: "round@x.example"), at: now) { _ in reply("r@acme.example") }
        }
        let recorded = temp.store.latestCommit()
        #expect(!ledger.isDurable(recorded), "the intake's commit did not wait for the disk")
        let item = try #require(try temp.store.pendingOutbox().first)
        #expect(try temp.store.claimOutbox(id: item.id, owner: "p1", limits: DeliveryLimits(), at: now) == .claimed)
        #expect(!ledger.isDurable(temp.store.latestCommit()), "nor did the claim's")
        try temp.store.markHandedOver(outboxID: item.id, owner: "p1", at: now)
        #expect(ledger.isDurable(recorded), "the handover synced the log, and with it the intake's commit")
        try temp.store.finishSent(outboxID: item.id, serverReply: "250 2.0.0 queued", at: now)
        let sent = temp.store.latestCommit()
        #expect(!ledger.isDurable(sent), "the sent record is not synced by itself")
        // Filing the round's messages needs the intake's commit only: no sync (one would cover `sent` as well).
        try temp.store.syncCommits(through: recorded)
        #expect(!ledger.isDurable(sent))
        try temp.store.syncCommits(through: sent)
        #expect(ledger.isDurable(sent))
        #expect(try temp.store.pendingOutbox().isEmpty, "sent")
    }

    @Test("an .untilSynced batch that throws commits nothing and leaves the writer syncing")
    func throwingUntilSyncedBatchCommitsNothing() throws {
        let temp = try TemporaryStore()
        #expect(throws: ComposeFailed.self) {
            try temp.store.inOneTransaction(.untilSynced) {
                _ = try temp.store.recordInbound(inbound(id: "lost@x.example"), at: now) { _ in nil }
                throw ComposeFailed()
            }
        }
        #expect(try temp.store.leads(LeadQuery()).isEmpty)
        #expect(try temp.store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }
}
