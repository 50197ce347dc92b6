import Foundation
import Intake
import LeadStore
import Maildir
import Testing

/// A message leaves new/ only once its commit is on disk. `run` records a round with commits that do not wait for
/// the disk and files the messages after the reply's durable handover; until then they stay claimed in new/.
@Suite("Messages recorded by an unsynced commit stay in new/ until filed")
struct FilingAfterSyncTests {
    @Test("recorded .untilSynced: every lead is in the store, every message still claimed in new/; filing moves them")
    func recordedMessagesWaitInNewUntilFiled() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        let service = try harness.service()
        let (pipeline, inbox) = (service.pipeline, harness.inbox)
        let delivered = try inbox.newMessages()
        let claimed = try delivered.compactMap { try inbox.claim($0) }
        #expect(claimed.count == delivered.count)

        let recorded = await pipeline.record(pipeline.prepare(claimed, in: inbox), durability: .untilSynced)
        #expect(recorded.count == delivered.count)
        let leads = try pipeline.store.leads(LeadQuery())
        #expect(!leads.isEmpty, "the round's leads are committed")
        #expect(try inbox.curMessages().isEmpty, "nothing left new/ before the sync")
        for message in claimed {
            #expect(FileManager.default.fileExists(atPath: message.path), "\(message.name) is still claimed in new/")
        }

        try pipeline.store.syncCommits()
        let results = pipeline.file(recorded, in: inbox, quarantine: harness.quarantine)
        let failures = results.filter { if case .failure = $0 { true } else { false } }
        #expect(failures.isEmpty, "\(failures)")
        let quarantined = (try? harness.quarantine.newMessages().count) ?? 0
        #expect(try inbox.curMessages().count + quarantined == delivered.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)
    }

    @Test("a killed process's round is recorded but unfiled: the next run finds each message already recorded")
    func unfiledRoundIsRecognisedAfterRestart() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        let first = try harness.service()
        let inbox = harness.inbox
        let claimed = try inbox.newMessages().compactMap { try inbox.claim($0, processID: 999_999) }
        _ = await first.pipeline.record(first.pipeline.prepare(claimed, in: inbox), durability: .untilSynced)
        let leadsBefore = try first.pipeline.store.leads(LeadQuery()).count
        let queuedBefore = try first.pipeline.store.pendingOutbox().count

        // The process that claimed them (pid 999999, not running) "died" before filing: a new one takes over.
        let second = try harness.service()
        try second.recoverAbandonedWork(startingUp: true)
        let summary = try await second.processBacklog()
        #expect(summary.created == 0 && summary.attached == 0, "nothing recorded twice: \(summary)")
        #expect(summary.duplicates + summary.ignored + summary.quarantined == claimed.count, "\(summary)")
        #expect(try second.pipeline.store.leads(LeadQuery()).count == leadsBefore)
        #expect(try second.pipeline.store.pendingOutbox().count == queuedBefore, "no reply queued twice")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)
    }

    @Test("a backlog filed in parts (a durable point every 5 messages) counts and files every message once")
    func backlogFiledInParts() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        let delivered = try harness.inbox.newMessages().count
        let service = try harness.service()
        let summary = try await service.processBacklog(leadRules: .afterTheBacklog, syncEvery: 5)
        #expect(summary.total == delivered, "\(summary)")
        #expect(summary.deferred == 0)
        let quarantined = (try? harness.quarantine.newMessages().count) ?? 0
        #expect(summary.quarantined == quarantined)
        #expect(try harness.inbox.curMessages().count + quarantined == delivered)
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.inbox.newDirectory).isEmpty)
    }

    @Test("a process alone takes the backlog without claims; with another present, each message is claimed")
    func claimsOnlyWhenShared() async throws {
        let harness = try IntakeHarness()
        try harness.deliverSamples()
        let inbox = harness.inbox
        let alone = ListedNames()
        let summary = try await harness.service().processBacklog { _, _ in alone.add(inbox.newDirectory) }
        #expect(summary.total > 0)
        #expect(!alone.names.isEmpty, "recorded messages wait in new/ for the durable point")
        #expect(!alone.names.contains { $0.hasPrefix(".claim.") }, "alone: no message claimed")

        // Another process is present (it holds the lock file's presence byte): every message is claimed.
        let neighbour = MaildirIntakeLock(inbox)
        _ = try await neighbour.beginPass()
        neighbour.endPass()
        try harness.deliverSamples()
        let shared = ListedNames()
        _ = try await harness.service().processBacklog { _, _ in shared.add(inbox.newDirectory) }
        #expect(shared.names.contains { $0.hasPrefix(".claim.") }, "sharing: messages are claimed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)
    }

    /// The names seen in a directory at each progress call.
    private final class ListedNames: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: Set<String> = []
        func add(_ directory: String) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            lock.withLock { seen.formUnion(names) }
        }
        var names: Set<String> { lock.withLock { seen } }
    }
}
