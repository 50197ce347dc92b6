import Foundation
import LeadStore
import Leads
import PostgresStore
import TestSupport
import Testing

/// The outbox shared by several hosts: a claim is a lease; a host that died holding replies leaves them to the
/// others once it has passed, and one handed to the relay is never sent again.
@Suite("PostgreSQL: the outbox's leases")
struct PostgresOutboxTests {
    let now = TemporaryLeadStore.now

    /// Two hosts on one new database, with one reply queued.
    func hostsWithAReply() throws -> (PostgresLeadStore, PostgresLeadStore, Int64) {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let first = try PostgresLeadStore(location, leaseDuration: 600)
        let second = try PostgresLeadStore(location, leaseDuration: 600)
        let message = InboundMessage(
            messageID: "q1@mail.brightwater.example", fingerprint: "fp-q1", threadIDs: [], date: now,
            from: "Jane Doe <jane@brightwater.example>", to: "sales@acme.example", subject: "Sensors",
            text: "A quote please",
            enquiry: Enquiry(
                contact: ContactDetails(name: "Jane Doe", email: "jane@brightwater.example"), subject: "Sensors",
                text: "A quote please", source: "email", campaign: nil))
        let reply = OutgoingMail(
            messageID: "r1@acme.example", envelopeFrom: "sales@acme.example", recipients: ["jane@brightwater.example"],
            from: "sales@acme.example", to: "jane@brightwater.example", subject: "Re: Sensors", text: "Thanks",
            raw: Array("Subject: Re: Sensors\r\n\r\nThanks\r\n".utf8))
        let queued = try first.recordInbound(message, at: now) { _ in reply }.queued
        return (first, second, try #require(queued).id)
    }

    @Test("two hosts claiming one reply at once: one holds it")
    func oneClaim() async throws {
        let (first, second, id) = try hostsWithAReply()
        let now = now
        async let a = first.claimOutbox(id: id, owner: "mx1:100:a", limits: DeliveryLimits(), at: now)
        async let b = second.claimOutbox(id: id, owner: "mx2:200:b", limits: DeliveryLimits(), at: now)
        let claims = try await [a, b]
        #expect(claims.filter { $0 == .claimed }.count == 1)
        #expect(claims.filter { $0 == .unavailable }.count == 1)
    }

    @Test("a dead host's claim: left alone within the lease, queued again after it, sent by another host")
    func leaseExpires() throws {
        let (first, second, id) = try hostsWithAReply()
        #expect(try first.claimOutbox(id: id, owner: "mx1:100:a", limits: DeliveryLimits(), at: now) == .claimed)
        // mx1 dies. mx2 cannot tell whether a process on mx1 is alive (isAbandoned says no): only the lease can.
        let early = try second.recoverAbandonedOutbox(isAbandoned: { _ in false }, at: now.addingTimeInterval(300))
        #expect(early.requeued.isEmpty && early.uncertain.isEmpty)
        let later = now.addingTimeInterval(601)
        let recovered = try second.recoverAbandonedOutbox(isAbandoned: { _ in false }, at: later)
        #expect(recovered.requeued == [id])
        #expect(try second.dueUnclaimedOutbox(at: later, limit: 10).map(\.id) == [id])
        #expect(try second.claimOutbox(id: id, owner: "mx2:200:b", limits: DeliveryLimits(), at: later) == .claimed)
    }

    @Test("a dead host's reply already handed to the relay is failed as uncertain after the lease, never resent")
    func handedOverIsNeverResent() throws {
        let (first, second, id) = try hostsWithAReply()
        #expect(try first.claimOutbox(id: id, owner: "mx1:100:a", limits: DeliveryLimits(), at: now) == .claimed)
        try first.markHandedOver(outboxID: id, owner: "mx1:100:a", at: now)
        let later = now.addingTimeInterval(601)
        let recovered = try second.recoverAbandonedOutbox(isAbandoned: { _ in false }, at: later)
        #expect(recovered.uncertain == [id])
        #expect(try second.dueUnclaimedOutbox(at: later, limit: 10).isEmpty)
        let entry = try #require(try second.outboxEntries(includeSent: true).first { $0.item.id == id })
        #expect(entry.outcome == .uncertain)
    }
}
