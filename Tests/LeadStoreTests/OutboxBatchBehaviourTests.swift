import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// The outbox maildir claims and finishes its replies a batch at a time. Each batch call must decide what the
/// same calls one row at a time decide: here two identical stores go through the same outbox, one row by row and
/// one in a batch, and must end with the same claims, rows, attempts and lead logs.
@Suite("The outbox's batch calls, for every store")
struct OutboxBatchBehaviourTests {
    let now = TemporaryLeadStore.now

    /// A store with `recipients.count` automatic replies queued, each answering an enquiry of its own.
    static func store(_ kind: StoreKind, replyingTo recipients: [String], at now: Date) throws -> (
        TemporaryLeadStore, any OutboxLedger
    ) {
        let temp = try TemporaryLeadStore(kind)
        let ledger: any OutboxLedger = temp.postgres ?? temp.store
        for (number, recipient) in recipients.enumerated() {
            let sender = "sender\(number)@customer.example"
            let text = "Please quote 40 level sensors (request \(number))"
            let message = InboundMessage(
                messageID: "enquiry\(number)@customer.example", fingerprint: Fingerprint.of([sender, text]),
                threadIDs: [], date: now, from: sender, to: "sales@acme.example", subject: "Level sensors",
                text: text,
                enquiry: Enquiry(
                    contact: ContactDetails(name: "Customer \(number)", email: sender), subject: "Level sensors",
                    text: text, source: "web-form", campaign: nil))
            _ = try ledger.recordInbound(message, at: now) { _ in
                var mail = OutgoingMail(
                    messageID: "reply\(number)@acme.example", envelopeFrom: "sales@acme.example",
                    recipients: [recipient], from: "sales@acme.example", to: recipient, subject: "Thanks",
                    text: "Thanks", raw: Array("Subject: Thanks\r\n\r\nThanks\r\n".utf8))
                mail.kind = .reply
                return mail
            }
        }
        return (temp, ledger)
    }

    /// Everything a claim or a finish writes that people and later passes read.
    static func outcome(of ledger: any OutboxLedger) throws -> [String] {
        try ledger.outboxEntries(includeSent: true).map { entry in
            let attempts = try ledger.outboxAttempts(outboxID: entry.item.id).map {
                "\($0.result) \($0.reply ?? "-") \($0.process ?? "-") \($0.date.timeIntervalSince1970)"
            }
            let logged = try ledger.communications(leadID: entry.item.leadID).filter { $0.direction == .outbound }
                .map { "\($0.status) \($0.detail ?? "-") \($0.date.timeIntervalSince1970)" }
            return [
                "\(entry.item.id) \(entry.item.state) \(entry.outcome.map(\.rawValue) ?? "-")",
                "claimed by \(entry.claimedBy ?? "-") at \(entry.handedOverAt?.timeIntervalSince1970 ?? 0)",
                "attempts \(entry.item.attempts) \(attempts)", "log \(logged)",
            ].joined(separator: "; ")
        }
    }

    @Test(
        "a batch claim: unavailable rows, undeliverable and confirmed addresses, the per-recipient limit in any case, the hourly limit counting the batch's own claims",
        arguments: StoreKind.allCases)
    func claims(kind: StoreKind) throws {
        // Rows 0 and 1 bounce before the batch; 2 was sent to bounced@ and confirmed by an operator.
        let recipients = [
            "bounced@customer.example", "confirmed@customer.example", "confirmed@customer.example",
            "held@customer.example", "buyer@customer.example", "BUYER@Customer.Example", "Bounced@Customer.Example",
            "one@customer.example", "two@customer.example", "three@customer.example",
        ]
        let limits = DeliveryLimits(perRecipient: 1, perHour: 5)
        let now = now
        func prepared() throws -> (TemporaryLeadStore, any OutboxLedger, [Int64]) {
            let (temp, ledger) = try Self.store(kind, replyingTo: recipients, at: now)
            let ids = try ledger.dueUnclaimedOutbox(at: now, limit: 100).map(\.id)
            let free = DeliveryLimits(perRecipient: nil)
            for id in ids.prefix(2) {
                #expect(
                    try ledger.claimOutbox(id: id, owner: "p0", limits: free, at: now, handingOver: true) == .claimed)
                try ledger.finishFailed(
                    outboxID: id, error: "550 no such user", retryAt: nil, outcome: .bounced, at: now)
            }
            #expect(try ledger.claimOutbox(id: ids[2], owner: "p0", limits: free, at: now) != .claimed)
            #expect(
                try ledger.requeueOutbox(id: ids[2], confirmed: true, by: "anna@acme.example", at: now) == .requeued(1))
            #expect(try ledger.claimOutbox(id: ids[3], owner: "p2", limits: free, at: now) == .claimed)
            return (temp, ledger, Array(ids.dropFirst(2)))
        }
        let (rowTemp, oneByOne, ids) = try prepared()
        let (batchTemp, batched, sameIDs) = try prepared()
        #expect(ids == sameIDs)

        var rowClaims: [OutboxClaim] = []
        for id in ids {
            rowClaims.append(try oneByOne.claimOutbox(id: id, owner: "p1", limits: limits, at: now, handingOver: true))
            if case .rateLimited = rowClaims.last { break }
        }
        let batchClaims = try batched.claimOutboxHandingOver(ids: ids, owner: "p1", limits: limits, at: now)

        #expect(batchClaims == rowClaims)
        // The two bounced rows count in the hour: three more claims reach the limit of five.
        let kinds = batchClaims.map { claim -> String in
            switch claim {
            case .claimed: "claimed"
            case .unavailable: "unavailable"
            case .suppressed(let reason): reason.contains("undeliverable") ? "undeliverable" : "over the limit"
            case .rateLimited: "rate limited"
            }
        }
        #expect(
            kinds == [
                "claimed", "unavailable", "claimed", "over the limit", "undeliverable", "claimed", "rate limited",
            ])
        #expect(try Self.outcome(of: batched) == Self.outcome(of: oneByOne))
        _ = (rowTemp, batchTemp)
    }

    @Test(
        "a batch finish records each reply as finishing it alone does, and dates the leads' first replies",
        arguments: StoreKind.allCases)
    func finishes(kind: StoreKind) throws {
        let recipients = (0..<5).map { "buyer\($0)@customer.example" }
        let now = now
        let answered = now.addingTimeInterval(2)
        func claimed() throws -> (TemporaryLeadStore, any OutboxLedger, [Int64]) {
            let (temp, ledger) = try Self.store(kind, replyingTo: recipients, at: now)
            let ids = try ledger.dueUnclaimedOutbox(at: now, limit: 100).map(\.id)
            let claims = try ledger.claimOutboxHandingOver(
                ids: ids, owner: "p1", limits: DeliveryLimits(perRecipient: nil), at: now)
            #expect(claims == Array(repeating: .claimed, count: 5))
            return (temp, ledger, ids)
        }
        let (rowTemp, oneByOne, ids) = try claimed()
        let (batchTemp, batched, _) = try claimed()
        var replies = ids.map { SentReply(outboxID: $0, serverReply: "250 2.0.0 Delivered to outbox/new/\($0)") }
        // An answer with what JSON must escape, and more, kept byte for byte.
        replies[4].serverReply = "250 2.0.0 \"queued\" as C:\\spool\\4F2\n\tété 🚀 \u{7F}\u{01}"

        for reply in replies {
            try oneByOne.finishSent(outboxID: reply.outboxID, serverReply: reply.serverReply, at: answered)
        }
        try batched.finishSent(replies, at: answered)

        let after = try Self.outcome(of: batched)
        #expect(after == (try Self.outcome(of: oneByOne)))
        #expect(try batched.outboxEntries(includeSent: true).map(\.item.state) == Array(repeating: .sent, count: 5))
        #expect(after.prefix(4).allSatisfy { $0.contains("sent 250 2.0.0 Delivered to outbox/new/") }, "\(after)")
        #expect(try batched.outboxAttempts(outboxID: ids[4]).map(\.reply) == [replies[4].serverReply])
        let lead = try #require(try batched.outboxEntries(includeSent: true).last?.item.leadID)
        #expect(try batched.communications(leadID: lead).last?.detail == replies[4].serverReply)
        let firstReplies = try batched.reportedLeads(from: nil, until: nil, tag: nil).map(\.firstReplyAt)
        #expect(firstReplies == (try oneByOne.reportedLeads(from: nil, until: nil, tag: nil).map(\.firstReplyAt)))
        #expect(firstReplies.allSatisfy { $0 != nil })
        _ = (rowTemp, batchTemp)
    }

    @Test("rows given back are queued as before, with nothing in their attempts", arguments: StoreKind.allCases)
    func release(kind: StoreKind) throws {
        let (temp, ledger) = try Self.store(kind, replyingTo: ["a@customer.example", "b@customer.example"], at: now)
        let ids = try ledger.dueUnclaimedOutbox(at: now, limit: 10).map(\.id)
        _ = try ledger.claimOutboxHandingOver(ids: ids, owner: "p1", limits: DeliveryLimits(), at: now)
        #expect(try ledger.dueUnclaimedOutbox(at: now, limit: 10).isEmpty)

        try ledger.releaseOutbox(ids: ids, owner: "p2")
        #expect(try ledger.dueUnclaimedOutbox(at: now, limit: 10).isEmpty, "another owner's rows are left alone")
        try ledger.releaseOutbox(ids: ids, owner: "p1")

        #expect(try ledger.dueUnclaimedOutbox(at: now, limit: 10).map(\.id) == ids)
        let entries = try ledger.outboxEntries(includeSent: false)
        #expect(entries.map(\.claimedBy) == [nil, nil])
        #expect(entries.map(\.handedOverAt) == [nil, nil])
        #expect(try ids.map { try ledger.outboxAttempts(outboxID: $0).count } == [0, 0])
        _ = temp
    }
}
