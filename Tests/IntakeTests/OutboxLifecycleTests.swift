import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// Per-recipient answers from a real relay (451, then 550; 451, then accepted), the operator's retry and
/// cancel, and every attempt with the relay's words in the outbox's attempts and the lead's log.
@Suite("Outbox: per-recipient 451 then 550, retry and cancel, every attempt logged", .serialized)
struct OutboxLifecycleTests {
    static let retry = OutboxWorker.RetryPolicy(
        firstDelay: .seconds(60), maximumDelay: .seconds(600),
        deadline: .seconds(3600))

    @Test("451 then 550 fails one reply for good, 451 then 250 sends another, the rest go at once")
    func temporaryThenPermanent() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.deliverSamples()
        let answered = try SampleExpectation.all().filter { $0.outcome == "lead" && $0.reply }.compactMap(\.email)
        let (doomed, late) = (answered[0], answered[1])
        try server.setRules([
            .reject(recipient: doomed, code: 451, message: "4.2.0 Mailbox busy, try later"),
            .reject(recipient: late, code: 451, message: "4.3.0 Greylisted"),
        ])
        let clock = ManualClock()
        let service = try harness.service(retry: Self.retry, clock: { clock.now })
        let (_, first) = try await service.runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let queued = try store.outboxEntries(includeSent: true).count  // replies, and any notices to staff
        #expect(first.retrying == 2)
        #expect(first.sent == queued - 2)

        try server.setRules([.reject(recipient: doomed, code: 550, message: "5.1.1 No such user")])
        clock.advance(by: 180)
        let second = try await service.outbox.drain()
        #expect(
            second
                == {
                    var report = OutboxWorker.Report()
                    report.sent = 1
                    report.failed = 1
                    return report
                }())

        let entries = try store.outboxEntries(includeSent: true)
        let doomedEntry = try #require(entries.first { $0.item.mail.recipients == [doomed] })
        #expect(doomedEntry.item.state == .failed && doomedEntry.outcome == .rejected)
        let attempts = try store.outboxAttempts(outboxID: doomedEntry.item.id)
        #expect(attempts.map(\.result) == ["deferred", "rejected"])
        #expect(attempts[0].reply?.contains("451 4.2.0 Mailbox busy") == true)
        #expect(attempts[1].reply?.contains("550 5.1.1 No such user") == true)
        let log = try store.communications(leadID: doomedEntry.item.leadID)
        #expect(log.last?.status == .failed && log.last?.detail?.contains("550") == true)
        let lateEntry = try #require(entries.first { $0.item.mail.recipients == [late] })
        #expect(try store.outboxAttempts(outboxID: lateEntry.item.id).map(\.result) == ["deferred", "sent"])

        let received = try server.received()
        #expect(received.count == queued - 1)
        #expect(received.allSatisfy { !$0.rcptTos.contains(doomed) })
        #expect(Set(received.map(\.rcptTos)).count == received.count, "each reply once")
    }

    @Test("retry sends a failed reply again and cancel drops a waiting one, both in the lead's log")
    func retryAndCancel() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.deliverSamples()
        let answered = try SampleExpectation.all().filter { $0.outcome == "lead" && $0.reply }.compactMap(\.email)
        try server.setRules([
            .reject(recipient: answered[0], code: 550, message: "5.7.1 Blocked for now"),
            .reject(recipient: answered[1], code: 451, message: "4.3.0 Try later"),
        ])
        let clock = ManualClock()
        let service = try harness.service(retry: Self.retry, clock: { clock.now })
        _ = try await service.runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let entries = try store.outboxEntries(includeSent: false)
        let failed = try #require(entries.first { $0.item.mail.recipients == [answered[0]] })
        let waiting = try #require(entries.first { $0.item.mail.recipients == [answered[1]] })

        #expect(try store.cancelOutbox(id: waiting.item.id, at: clock.now))
        #expect(try store.requeueOutbox(id: failed.item.id, at: clock.now) == 1)
        try server.setRules([])
        let report = try await service.outbox.drain()
        #expect(report.sent == 1)
        #expect(try server.received().filter { $0.rcptTos == [answered[0]] }.count == 1)
        #expect(try server.received().filter { $0.rcptTos == [answered[1]] }.isEmpty)
        #expect(try store.outboxAttempts(outboxID: failed.item.id).map(\.result) == ["rejected", "requeued", "sent"])
        let cancelledLog = try store.communications(leadID: waiting.item.leadID)
        #expect(cancelledLog.last?.status == .failed)
        #expect(cancelledLog.last?.detail?.contains("cancelled") == true)
        clock.advance(by: 7200)
        #expect(try await service.outbox.drain().sent == 0, "a cancelled reply stays cancelled")
        #expect(try store.cancelOutbox(id: failed.item.id, at: clock.now) == false, "a sent reply cannot be cancelled")
    }
}
