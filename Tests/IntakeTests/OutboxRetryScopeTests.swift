import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// Issue 18, point 2: `outbox retry --all` resent a cancelled reply. `--all` takes the replies that failed in
/// delivery; a cancelled, suppressed or uncertain one goes again only by its ID, with a confirmation.
@Suite("Outbox: retry --all takes failed replies only", .serialized)
struct OutboxRetryScopeTests {
    @Test("retry --all queues the rejected reply, not the cancelled or the uncertain one; by ID they need --confirm")
    func retryAllLeavesDecidedRows() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        try harness.deliverSamples()
        let answered = try SampleExpectation.all().filter { $0.outcome == "lead" && $0.reply }.compactMap(\.email)
        let (refused, cancelled, uncertain) = (answered[0], answered[1], answered[2])
        try server.setRules([
            .reject(recipient: refused, code: 550, message: "5.7.1 Blocked for now"),
            .reject(recipient: cancelled, code: 451, message: "4.3.0 Try later"),
            .reject(recipient: uncertain, code: 451, message: "4.3.0 Try later"),
        ])
        let clock = ManualClock()
        let service = try harness.service(
            retry: .init(firstDelay: .seconds(60), maximumDelay: .seconds(600), deadline: .seconds(3600)),
            clock: { clock.now })
        _ = try await service.runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        func row(_ recipient: String) throws -> OutboxEntry {
            try #require(try store.outboxEntries(includeSent: true).first { $0.item.mail.recipients == [recipient] })
        }
        #expect(try row(refused).outcome == .rejected)
        #expect(try store.cancelOutbox(id: row(cancelled).item.id, at: clock.now))
        // A process that died after handing the third reply to the relay: probably delivered.
        clock.advance(by: 120)
        let uncertainID = try row(uncertain).item.id
        #expect(
            try store.claimOutbox(id: uncertainID, owner: "mx1:999999:gone", limits: .init(), at: clock.now) == .claimed
        )
        try store.markHandedOver(outboxID: uncertainID, owner: "mx1:999999:gone", at: clock.now)
        _ = try store.recoverAbandonedOutbox(isAbandoned: { $0 == "mx1:999999:gone" }, at: clock.now)
        #expect(try row(uncertain).outcome == .uncertain)

        try server.setRules([])
        #expect(try store.requeueOutbox(id: nil, at: clock.now) == 1, "--all: the rejected reply alone")
        #expect(try await service.outbox.drain().sent == 1)
        #expect(try row(refused).item.state == .sent)
        #expect(try row(cancelled).outcome == .cancelled, "a cancelled reply stays cancelled")
        #expect(try row(uncertain).outcome == .uncertain, "an uncertain reply is not sent twice by --all")
        #expect(try server.received().filter { [cancelled, uncertain].contains($0.rcptTos.first ?? "") }.isEmpty)

        let cancelledID = try row(cancelled).item.id
        #expect(
            try store.requeueOutbox(id: cancelledID, confirmed: false, at: clock.now)
                == .needsConfirmation(.cancelled))
        #expect(
            try store.requeueOutbox(id: uncertainID, confirmed: false, at: clock.now)
                == .needsConfirmation(.uncertain))
        #expect(try store.requeueOutbox(id: cancelledID, confirmed: true, at: clock.now) == .requeued(1))
        #expect(try await service.outbox.drain().sent == 1)
        #expect(try server.received().filter { $0.rcptTos == [cancelled] }.count == 1)
        #expect(try store.outboxAttempts(outboxID: cancelledID).map(\.result).suffix(2) == ["confirmed", "sent"])
    }
}
