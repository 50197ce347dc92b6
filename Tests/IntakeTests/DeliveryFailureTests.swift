import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// A relay that refuses for a while (451), refuses for good (550), or is not there at all: replies wait in the
/// outbox, are retried, and each ends sent or failed, with the relay's words in the lead's log.
@Suite("Relay trouble: replies queue, retry and end sent or failed", .serialized)
struct DeliveryFailureTests {
    static let fastRetry = OutboxWorker.RetryPolicy(
        firstDelay: .seconds(60), maximumDelay: .seconds(600), deadline: .seconds(3600))

    @Test("451 keeps replies queued; once the relay accepts again they are sent, once each")
    func temporaryFailure() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.deliverSamples()
        try server.setRules([.reject(recipient: nil, code: 451, message: "4.3.0 Try again later")])
        let clock = ManualClock()
        let service = try harness.service(retry: Self.fastRetry, clock: { clock.now })

        let (intake, first) = try await service.runOnce()
        #expect(first.sent == 0)
        #expect(first.retrying == intake.repliesQueued)
        #expect(try server.received().isEmpty)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let waiting = try store.pendingOutbox()
        #expect(waiting.count == intake.repliesQueued)
        #expect(waiting.allSatisfy { $0.state == .queued && $0.lastError?.contains("451") == true })
        let log = try store.communications(leadID: waiting[0].leadID)
        #expect(log.last?.status == .queued)
        #expect(log.last?.detail?.contains("451") == true)

        // Not yet due: nothing is tried.
        #expect(try await service.outbox.drain() == OutboxWorker.Report())
        try server.setRules([])
        clock.advance(by: 120)
        let second = try await service.outbox.drain()
        #expect(second.sent == intake.repliesQueued)
        #expect(try server.received().count == intake.repliesQueued)
        #expect(try store.pendingOutbox().isEmpty)
        clock.advance(by: 3600)
        #expect(try await service.outbox.drain().sent == 0)
        #expect(try server.received().count == intake.repliesQueued)
    }

    @Test("550 for one recipient fails that reply for good and sends the others")
    func permanentFailure() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.deliverSamples()
        let refused = "hannah.whitfield@brackleyfoods.example"
        try server.setRules([.reject(recipient: refused, code: 550, message: "5.1.1 No such user")])
        let (intake, report) = try await harness.service(retry: Self.fastRetry).runOnce()
        #expect(report.failed == 1)
        #expect(report.sent == intake.repliesQueued - 1)
        #expect(try server.received().allSatisfy { !$0.rcptTos.contains(refused) })
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let failed = try #require(try store.pendingOutbox().first)
        #expect(failed.state == .failed)
        #expect(failed.mail.recipients == [refused])
        let entry = try #require(try store.communications(leadID: failed.leadID).last)
        #expect(entry.status == .failed)
        #expect(entry.detail?.contains("550") == true)
    }

    @Test("a relay that is down: replies wait with a clear error, and nothing is lost")
    func relayDown() async throws {
        let server = try await SMTPTestServer.start()
        let url = server.url
        await server.stopAndWait()
        let harness = try IntakeHarness(relay: url)
        try harness.deliverSamples()
        let (intake, report) = try await harness.service(retry: Self.fastRetry).runOnce()
        #expect(intake.created > 0)
        #expect(report.retrying == intake.repliesQueued)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let waiting = try store.pendingOutbox()
        #expect(waiting.count == intake.repliesQueued)
        #expect(waiting.allSatisfy { $0.state == .queued && !($0.lastError ?? "").isEmpty })
        #expect(try harness.inbox.newMessages().isEmpty, "the inbound side does not wait for the relay")
    }
}
