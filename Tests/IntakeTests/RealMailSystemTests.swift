import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// LeadMail beside a real IMAP server (Dovecot) on the same maildir, and a relay that stalls.
@Suite("Living inside a real mail system", .serialized)
struct RealMailSystemTests {
    /// An enquiry as people write them: a UTF-8 name, a folded subject, a quoted-printable body.
    static func enquiry(_ number: Int, tag: String = UUID().uuidString) -> [UInt8] {
        let lines = [
            "Return-Path: <buyer\(number)@plant-\(number).example>",
            "From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= \(number) <buyer\(number)@plant-\(number).example>",
            "To: Acme Sales <sales@acme.example>",
            "Subject: Quote for 40 pressure sensors,\r\n rush order (\(number))",
            "Date: Mon, 16 Nov 2026 10:\(String(format: "%02d", number % 60)):00 +0100",
            "Message-ID: <enquiry-\(number)-\(tag)@plant-\(number).example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        let body =
            "Hello,\r\n\r\nwe need 40 sensors for our plant in K=C3=B6ln, can you quote =\r\nby Friday?\r\n\r\n"
            + "Zo=C3=AB M=C3=BCller\r\nPlant \(number) GmbH\r\n"
            + "+49 221 555 01\(String(format: "%02d", number % 100))\r\n"
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static func leads(_ harness: IntakeHarness) throws -> [Lead] {
        try SQLiteLeadStore(path: harness.configuration.store).leads(LeadQuery())
    }

    static func waitUntil(
        _ timeout: Duration, _ condition: () throws -> Bool
    ) async throws -> Bool {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return try condition()
    }

    @Test("messages Dovecot moved to cur/ while LeadMail was down are recorded and answered once, at start")
    func catchesUpOnCur() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        let dovecot = try await DovecotServer.start(maildir: harness.configuration.mailbox)
        defer { dovecot.stop() }
        for number in 1...3 { try harness.inbox.deliver(Self.enquiry(number)) }
        try await dovecot.select()
        #expect(try harness.inbox.newMessages().isEmpty, "Dovecot moved every message out of new/ on SELECT")
        let moved = try harness.inbox.curMessages().map(\.name)
        #expect(moved.count == 3 && moved.allSatisfy { $0.hasSuffix(":2,") })

        let (intake, delivery) = try await harness.service().runOnce()
        #expect(intake.created == 3, "every message that reached the maildir is recorded")
        #expect(delivery.sent == 3)
        #expect(try Self.leads(harness).count == 3)
        #expect(try harness.inbox.curMessages().map(\.name) == moved, "left where the reader put them, no S flag")

        // A restart (and Dovecot renaming files as staff read them) takes nothing twice.
        try await dovecot.select()
        let (again, resent) = try await harness.service().runOnce()
        #expect(again.total == 0)
        #expect(resent.sent == 0)
        #expect(try server.received().count == 3)
    }

    @Test("a client polling the inbox with NOOP while mail arrives loses no enquiry")
    func pollingClientLosesNothing() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        let dovecot = try await DovecotServer.start(maildir: harness.configuration.mailbox)
        defer { dovecot.stop() }
        let service = try harness.service()
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let client = try dovecot.startSelecting(noops: 80, pause: 0.02)
        for number in 1...19 {
            try harness.inbox.deliver(Self.enquiry(number))
            try await Task.sleep(for: .milliseconds(number.isMultiple(of: 3) ? 1 : 60))
        }
        let replies = try await server.waitForMessages(count: 19, timeout: .seconds(30))
        #expect(Set(replies.flatMap(\.rcptTos)).count == 19)
        while client.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(client.terminationStatus == 0)
        #expect(try Self.leads(harness).count == 19)
        #expect(try harness.inbox.newMessages().isEmpty)
        running.cancel()
        try await running.value
        #expect(try server.received().count == 19, "each enquiry answered once")
    }

    @Test("LeadMail files without the S flag unless intake.markSeen asks for it")
    func seenFlagIsASetting() async throws {
        for markSeen in [false, true] {
            var harness = try IntakeHarness()
            harness.configuration.intake.markSeen = markSeen
            try harness.inbox.deliver(Self.enquiry(1))
            _ = try await harness.service().runOnce()
            let filed = try #require(try harness.inbox.curMessages().first)
            #expect(filed.flags == (markSeen ? "S" : ""), "markSeen: \(markSeen)")
        }
    }

    @Test("a stalled relay never holds up intake: mail keeps being recorded while a reply waits")
    func stalledRelayDoesNotStopIntake() async throws {
        let relay = try StalledRelay()
        defer { withExtendedLifetime(relay) {} }
        var harness = try IntakeHarness(relay: "smtp://127.0.0.1:\(relay.port)")
        harness.configuration.delivery.relayTimeout = 8
        let service = try harness.service()
        let running = Task { try await service.run() }
        try await Task.sleep(for: .milliseconds(300))

        try harness.inbox.deliver(Self.enquiry(1))
        let firstFiled = try await Self.waitUntil(.seconds(5)) { try harness.inbox.curMessages().count == 1 }
        #expect(firstFiled, "recorded and filed while its reply waits for the relay")
        try harness.inbox.deliver(Self.enquiry(2))
        let secondFiled = try await Self.waitUntil(.seconds(5)) { try harness.inbox.curMessages().count == 2 }
        #expect(secondFiled, "a message arriving during the stall is recorded at once")
        #expect(try Self.leads(harness).count == 2)
        running.cancel()
        try await running.value
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        #expect(try store.pendingOutbox().count == 2, "both replies wait for the relay; nothing is lost")
    }

    @Test("a message recorded, then moved to cur/ by a reader before it was filed, is not an error")
    func movedAfterRecording() async throws {
        let harness = try IntakeHarness()
        let service = try harness.service()
        let item = try harness.inbox.deliver(Self.enquiry(1))
        let prepared = service.pipeline.prepare([item], in: harness.inbox)
        let recorded = await service.pipeline.record(prepared, durability: .onDisk)
        // Dovecot on a SELECT: new/NAME → cur/NAME:2,
        #expect(rename(item.path, harness.inbox.curDirectory + "/" + item.name + ":2,") == 0)
        let results = service.pipeline.file(recorded, in: harness.inbox, quarantine: harness.quarantine)
        #expect(results.count == 1)
        #expect((try? results[0].get())?.isRecorded == true, "recorded; where the file went is the reader's business")
        #expect(try Self.leads(harness).count == 1)
    }

    @Test("Postfix's deliveries (a link into new/) wake intake at once; replies go back through Postfix, null sender")
    func postfixDeliveries() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var harness = try IntakeHarness()
        let postfix = try await PostfixServer.start(maildir: harness.configuration.mailbox, relay: server.port)
        defer { postfix.stop() }
        harness.configuration.relay = RelaySettings(url: "smtp://127.0.0.1:\(postfix.port)", allowPlaintext: true)
        // The poll comes every ten minutes: within the wait below only the watcher's inotify can see a delivery.
        harness.configuration.pollInterval = .seconds(600)
        let service = try harness.service()
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(500))

        let buyers = (1...3).map { "buyer\($0)@plant-\($0).example" }
        for (number, buyer) in zip(1...3, buyers) { try postfix.submit(Self.enquiry(number), from: buyer) }
        let replies = try await server.waitForMessages(count: 3, timeout: .seconds(30))
        #expect(Set(replies.flatMap(\.rcptTos)) == Set(buyers), "each enquiry answered once, through Postfix")
        #expect(replies.allSatisfy { $0.mailFrom.isEmpty }, "automatic replies come from the null sender")
        #expect(replies.allSatisfy { $0.header("Auto-Submitted") == "auto-replied" })
        #expect(try Self.leads(harness).count == 3)
        let filed = try harness.inbox.curMessages().map(\.name)
        #expect(filed.count == 3, "Postfix's three files recorded and filed: \(filed)")
        #expect(
            filed.allSatisfy { $0.contains(".V") && $0.contains("I") && $0.contains("M") },
            "the files are Postfix's own deliveries (TIME.VdevIinodeMusec): \(filed)")
        #expect(postfix.log.contains("status=sent (delivered to maildir)"))
        #expect(!postfix.log.contains("Helo command rejected"), "LeadMail's EHLO passes Postfix's check")
        running.cancel()
        _ = try? await running.value
        try await Task.sleep(for: .seconds(1))
        #expect(try server.received().count == 3, "nothing sent twice")
    }

    @Test("Dovecot's LDA deliveries wake intake at once and each enquiry is answered once")
    func dovecotLDADeliveries() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var harness = try IntakeHarness(relay: server.url)
        let dovecot = try await DovecotServer.start(maildir: harness.configuration.mailbox)
        defer { dovecot.stop() }
        // The poll comes every ten minutes: within the wait below only the watcher's inotify can see a delivery.
        harness.configuration.pollInterval = .seconds(600)
        let service = try harness.service()
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(500))
        let buyers = (1...2).map { "buyer\($0)@plant-\($0).example" }
        for (number, buyer) in zip(1...2, buyers) { try dovecot.deliverWithLDA(Self.enquiry(number), from: buyer) }
        let replies = try await server.waitForMessages(count: 2, timeout: .seconds(30))
        #expect(Set(replies.flatMap(\.rcptTos)) == Set(buyers))
        #expect(try Self.leads(harness).count == 2)
        running.cancel()
        _ = try? await running.value
        #expect(try server.received().count == 2, "nothing sent twice")
    }

    @Test("the relay's EHLO check passes: the EHLO name is fully qualified (the From domain on a short host name)")
    func fullyQualifiedHelo() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try server.setRules([.rejectNonFQDNHelo])
        var harness = try IntakeHarness(relay: server.url)
        try harness.inbox.deliver(Self.enquiry(1))
        let (_, delivery) = try await harness.service().runOnce()
        #expect(delivery.sent == 1 && delivery.failed == 0)
        let helo = try #require(try server.received().first?.helo)
        #expect(helo.contains("."), "EHLO \(helo)")

        harness.configuration.relay?.heloName = "mx1.acme.example"
        try harness.inbox.deliver(Self.enquiry(2))
        _ = try await harness.service().runOnce()
        #expect(try server.received().last?.helo == "mx1.acme.example")

        // The rule is real: a short name is refused the way Postfix refuses it.
        harness.configuration.relay?.heloName = "vm"
        try harness.inbox.deliver(Self.enquiry(3))
        let (_, refused) = try await harness.service().runOnce()
        #expect(refused.failed == 1 && refused.sent == 0)
    }

    @Test("the store, its log and the maildirs LeadMail makes are readable by their owner only")
    func privateFiles() async throws {
        let harness = try IntakeHarness()
        try harness.inbox.deliver(Self.enquiry(1))
        try harness.inbox.deliver(try harness.sampleBytes(Self.unreadableSample))
        let previous = umask(0o022)
        defer { umask(previous) }
        let service = try harness.service()
        _ = try await service.runOnce()
        _ = try await service.ingest(paths: [try Self.looseFile(harness)])
        var checked: [String] = []
        for path in [
            harness.configuration.store, harness.configuration.store + "-wal",
            harness.configuration.store + "-shm", harness.configuration.outbox,
            harness.configuration.quarantine,
        ] {
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            #expect(status.st_mode & 0o077 == 0, "\(path): \(String(status.st_mode & 0o777, radix: 8))")
            checked.append(path)
        }
        #expect(checked.count == 5)
        for folder in [
            harness.configuration.outbox + "/new", harness.configuration.quarantine + "/new",
            harness.configuration.quarantine + "/reasons",
        ] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                var status = stat()
                #expect(stat(folder + "/" + name, &status) == 0)
                #expect(status.st_mode & 0o077 == 0, "\(folder)/\(name): \(String(status.st_mode & 0o777, radix: 8))")
            }
        }
    }

    /// The sample inbox's message that cannot be read (samples-expected.json: quarantined).
    static let unreadableSample = "1795282200.M249274P12435Q2.mx1.acme.example"

    /// The unreadable sample saved as a loose file, as `leadmail ingest` gets one (copied to the quarantine).
    static func looseFile(_ harness: IntakeHarness) throws -> String {
        let path = harness.directory.appending("saved.eml")
        try Data(try harness.sampleBytes(unreadableSample)).write(to: URL(fileURLWithPath: path))
        return path
    }
}
