import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import SMTP
import TestSupport
import Testing

/// The outbox maildir (no relay configured) is sent in batches: one claim commit, one directory fsync and one
/// finish commit per batch. These tests hold it to the single-reply rules: the per-recipient limit, and after a
/// crash at any point, one file per reply and no reply marked uncertain.
@Suite("Outbox in batches through the outbox maildir")
struct OutboxBatchDeliveryTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    private func enquiry(_ number: Int, from sender: String) -> InboundMessage {
        let text = "Please quote 40 level sensors (request \(number))"
        return InboundMessage(
            messageID: "enquiry\(number)@customer.example",
            fingerprint: Fingerprint.of([sender, "\(number)", text]), threadIDs: [],
            date: Date(timeIntervalSince1970: 1_795_000_000), from: "Customer \(number) <\(sender)>",
            to: "sales@acme.example", subject: "Level sensors", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: "Customer \(number)", email: sender),
                subject: "Level sensors", text: text, source: "web-form", campaign: nil),
            automatedReason: nil)
    }

    private func autoReply(_ id: String, to recipient: String) -> OutgoingMail {
        var mail = OutgoingMail(
            messageID: id, envelopeFrom: "sales@acme.example", recipients: [recipient],
            from: "Acme Sales <sales@acme.example>", to: recipient, subject: "Thanks", text: "Thanks",
            raw: Array("Message-ID: <\(id)>\r\nSubject: Thanks\r\n\r\nThanks for your enquiry\r\n".utf8))
        mail.kind = .reply
        return mail
    }

    /// A store with `count` queued automatic replies; with `sharingLastAddress`, the last two to one address.
    private func queue(_ count: Int, in directory: TemporaryDirectory, sharingLastAddress: Bool = false) throws
        -> SQLiteLeadStore
    {
        let store = try SQLiteLeadStore(path: directory.path + "/leadmail.sqlite")
        for number in 0..<count {
            let recipient =
                sharingLastAddress && number >= count - 2
                ? "shared-desk@customer.example" : "buyer\(number)@customer.example"
            _ = try store.recordInbound(enquiry(number, from: "sender\(number)@customer.example"), at: now) { _ in
                autoReply("reply\(number).\(directory.path.hashValue)@acme.example", to: recipient)
            }
        }
        return store
    }

    private func files(in outbox: Maildir) throws -> [String] {
        try outbox.newMessages().map(\.name) + outbox.curMessages().map(\.name)
    }

    @Test("a batch is written once per reply, and the per-recipient limit holds inside one batch")
    func batchKeepsLimits() async throws {
        let directory = try TemporaryDirectory()
        let store = try queue(6, in: directory, sharingLastAddress: true)
        let outbox = Maildir(path: directory.path + "/outbox")
        let worker = OutboxWorker(
            store: store, transport: FileTransport(maildir: outbox),
            limits: DeliveryLimits(perRecipient: 1), clock: { now })

        let report = try await worker.drain(batchSize: 100)

        #expect(report.sent == 5)
        #expect(report.suppressed == 1, "the second reply to shared-desk@ in the same batch is held back")
        #expect(try files(in: outbox).count == 5)
        let entries = try store.outboxEntries(includeSent: true)
        #expect(entries.filter { $0.item.state == .sent }.count == 5)
        #expect(
            entries.filter { $0.outcome == .suppressed }.map(\.item.mail.recipients) == [
                ["shared-desk@customer.example"]
            ])
    }

    @Test("killed after writing the files and before recording them: the restart finds them and writes none twice")
    func crashBetweenWriteAndFinish() async throws {
        let directory = try TemporaryDirectory()
        let store = try queue(4, in: directory)
        let outbox = Maildir(path: directory.path + "/outbox")
        let transport = FileTransport(maildir: outbox)
        // A process that died (its pid is not alive) claimed all four, marked them handed over, wrote two.
        let dead = ProcessIdentity(
            host: ProcessInfo.processInfo.hostName, processID: Self.deadProcessID(),
            nonce: "gone")
        let due = try store.dueUnclaimedOutbox(at: now, limit: 10)
        #expect(due.count == 4)
        for item in due {
            #expect(
                try store.claimOutbox(id: item.id, owner: dead.description, limits: DeliveryLimits(), at: now)
                    == .claimed)
            try store.markHandedOver(outboxID: item.id, owner: dead.description, at: now)
        }
        let written = await transport.deliver(
            due.prefix(2).map {
                KeyedMail(
                    message: $0.mail.raw,
                    envelope: Envelope(sender: $0.mail.envelopeFrom, recipients: $0.mail.recipients),
                    key: $0.mail.messageID)
            })
        #expect(written.allSatisfy { (try? $0.get()) != nil })
        // A mail client has already read one of them: it moved to cur/ with its flags.
        let first = try #require(try outbox.newMessages().first)
        try outbox.markSeen(first)

        let worker = OutboxWorker(store: store, transport: transport, clock: { now })
        let recovery = try worker.recoverAbandoned()
        #expect(recovery.requeued.count == 4, "a resend through the outbox maildir cannot make a second copy")
        #expect(recovery.uncertain.isEmpty)
        let report = try await worker.drain()

        #expect(report.sent == 4)
        let filed = try files(in: outbox)
        #expect(filed.count == 4, "one file per reply: \(filed)")
        let states = try store.outboxEntries(includeSent: true).map(\.item.state)
        #expect(states == [.sent, .sent, .sent, .sent])
        let attempts = try store.outboxAttempts(outboxID: due[0].id).map(\.result)
        #expect(attempts == ["interrupted", "sent"])
        let reply = try store.outboxAttempts(outboxID: due[0].id).last?.reply ?? ""
        #expect(reply.contains("Already delivered"), "the log says the file was there: \(reply)")
    }

    @Test("several batches, each delivered while the writer records the one before: every reply once, one attempt each")
    func pipelinedBatches() async throws {
        let directory = try TemporaryDirectory()
        let store = try queue(250, in: directory)
        let outbox = Maildir(path: directory.path + "/outbox")
        let worker = OutboxWorker(
            store: store, transport: FileTransport(maildir: outbox), limits: DeliveryLimits(perRecipient: 1),
            clock: { now })

        let report = try await worker.drain(batchSize: 100)

        #expect(report.sent == 250)
        #expect(report.failed + report.retrying + report.suppressed == 0)
        #expect(try files(in: outbox).count == 250)
        let entries = try store.outboxEntries(includeSent: true)
        #expect(entries.allSatisfy { $0.item.state == .sent && $0.claimedBy == nil && $0.handedOverAt == now })
        let attempts = try entries.map { try store.outboxAttempts(outboxID: $0.item.id).map(\.result) }
        #expect(attempts.allSatisfy { $0 == ["sent"] })
    }

    @Test(
        "an outbox maildir that cannot be written: the pass stops after one batch, and the batch claimed meanwhile is given back untried"
    )
    func unwritableOutbox() async throws {
        let directory = try TemporaryDirectory()
        let store = try queue(250, in: directory)
        // A file where the maildir's folder should be: ENOTDIR, a problem of the configuration.
        FileManager.default.createFile(atPath: directory.path + "/occupied", contents: Data("x".utf8))
        let worker = OutboxWorker(
            store: store, transport: FileTransport(maildir: Maildir(path: directory.path + "/occupied/outbox")),
            clock: { now })

        let report = try await worker.drain(batchSize: 100)

        #expect(report.configurationProblem != nil)
        #expect(report.retrying == 100, "the first batch was tried and waits for its retry")
        #expect(report.sent == 0)
        let entries = try store.outboxEntries(includeSent: true)
        #expect(entries.allSatisfy { $0.item.state == .queued && $0.claimedBy == nil && $0.handedOverAt == nil })
        let tried = try entries.map { try store.outboxAttempts(outboxID: $0.item.id).map(\.result) }
        #expect(tried.prefix(100).allSatisfy { $0 == ["deferred"] })
        #expect(tried.dropFirst(100).allSatisfy { $0.isEmpty }, "the rest were never tried")
        #expect(try store.dueUnclaimedOutbox(at: now, limit: 500).count == 150, "due now, as before the pass")
    }

    @Test("the hourly limit stops the claims; every reply claimed before it is delivered and recorded")
    func hourlyLimit() async throws {
        let directory = try TemporaryDirectory()
        let store = try queue(250, in: directory)
        let outbox = Maildir(path: directory.path + "/outbox")
        let worker = OutboxWorker(
            store: store, transport: FileTransport(maildir: outbox),
            limits: DeliveryLimits(perRecipient: nil, perHour: 150), clock: { now })

        let report = try await worker.drain(batchSize: 100)

        #expect(report.sent == 150)
        #expect(report.rateLimitedUntil != nil)
        #expect(try files(in: outbox).count == 150)
        let entries = try store.outboxEntries(includeSent: true)
        #expect(entries.filter { $0.item.state == .sent }.count == 150)
        #expect(entries.filter { $0.item.state == .queued && $0.claimedBy == nil }.count == 100)
    }

    /// A pid no process has: past the kernel's pid_max.
    static func deadProcessID() -> Int32 {
        let max =
            (try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 4_194_304
        return max + 1
    }
}
