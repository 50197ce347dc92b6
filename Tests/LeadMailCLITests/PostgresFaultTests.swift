import Foundation
import Maildir
import PostgresStore
import TestSupport
import Testing

/// Faults of a cluster of LeadMail hosts on one PostgreSQL database, each with real `leadmail run` processes,
/// a real PostgreSQL server and a real SMTP server (aiosmtpd) that counts what it gets per Message-ID.
@Suite("PostgreSQL faults: a restart, a dead host, three hosts at once", .serialized)
struct PostgresFaultTests {
    /// A workspace on the database `url`, polling every `poll` seconds, with no global hourly limit.
    static func workspace(relay: String, url: String, poll: Double = 0.2) throws -> CLIWorkspace {
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(
            relay: relay, extra: "pollInterval: \(poll)\nmaxRepliesPerHour: 0\n", in: memory)
        let yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("store:") ? "store: \(url)" : String(line)
        }
        try lines.joined(separator: "\n").write(toFile: workspace.config, atomically: true, encoding: .utf8)
        return workspace
    }

    static func url(_ location: PostgresLocation, lease: Int? = nil) -> String {
        "postgres://postgres@127.0.0.1:\(location.port)/\(location.database)?sslmode=disable"
            + (lease.map { "&outboxLease=\($0)" } ?? "")
    }

    /// One column of a query, as text.
    static func column(_ location: PostgresLocation, _ sql: String) throws -> [String] {
        let connection = try PostgresConnection(location)
        return try connection.query(sql).map { $0.string(at: 0) ?? "" }
    }

    static func count(_ location: PostgresLocation, _ sql: String) -> Int {
        (try? column(location, sql).first.flatMap { Int($0) }) ?? -1
    }

    /// How many copies of each Message-ID the relay got.
    static func copies(_ server: SMTPTestServer) throws -> [String: Int] {
        var copies: [String: Int] = [:]
        for mail in try server.received() {
            if let id = CrashSafetyTests.messageID(of: mail.data) { copies[id, default: 0] += 1 }
        }
        return copies
    }

    /// Waits until `done` or `timeout`; returns whether it came true.
    static func wait(_ timeout: Duration, until done: () throws -> Bool) async throws -> Bool {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            if try done() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try done()
    }

    @Test("PostgreSQL restarted in the middle of 1,000 messages: run waits, goes on, loses nothing, sends once")
    func restartDuringIntake() async throws {
        let started = ContinuousClock.now
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        // A server of its own: the shared one serves the other tests of this process.
        let cluster = try PostgresTestCluster.dedicated()
        try PostgresConnection(cluster.location()).execute("CREATE DATABASE fault")
        let location = try cluster.location(database: "fault")
        // A claim whose commit the restart cut off is this live process's own: its lease frees it.
        let workspace = try Self.workspace(relay: server.url, url: Self.url(location, lease: 15))
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        let load = try LoadInbox(count: 1_000)
        try load.deliver(0..<1_000, into: inbox)
        let log = workspace.directory.path + "/run.log"
        let process = try LeadMailBinary.start(
            ["run", "--verbose", "--config", workspace.config], in: workspace.directory.path, output: log)
        defer { if process.isRunning { process.terminate() } }

        let inbound = "SELECT count(*) FROM communications WHERE direction = 'inbound' AND message_id LIKE 'load-%'"
        #expect(try await Self.wait(.seconds(90)) { Self.count(location, inbound) >= 100 })
        let recordedBefore = Self.count(location, inbound)
        let sentBefore = try server.received().count
        try cluster.stop()
        try await Task.sleep(for: .seconds(2))
        #expect(process.isRunning, "run does not exit while the store is away")
        try cluster.start()

        let expected = Set(load.leadEmails)
        let allSent = try await Self.wait(.seconds(120)) {
            try Self.copies(server).count >= expected.count && inbox.newMessages().isEmpty
        }
        #expect(allSent, "every reply reached the relay and new/ is empty")
        try await Task.sleep(for: .milliseconds(500))
        #expect(process.isRunning, "run went on after the restart")
        process.terminate()
        await CrashSafetyTests.waitForExit(process)
        let output = try String(contentsOfFile: log, encoding: .utf8)

        let leads = try Self.column(location, "SELECT lower(email) FROM leads")
        #expect(leads.count == Set(leads).count, "a lead recorded twice")
        #expect(Set(leads) == expected)
        let messages = try Self.column(
            location, "SELECT message_id FROM communications WHERE direction = 'inbound' AND message_id LIKE 'load-%'")
        #expect(messages.count == Set(messages).count)
        #expect(messages.count == load.leadEmails.count)
        let copies = try Self.copies(server)
        #expect(copies.count == expected.count, "one reply per lead at the relay")
        #expect(copies.values.allSatisfy { $0 == 1 }, "sent twice: \(copies.filter { $0.value > 1 }.prefix(3))")
        let filed = try inbox.curMessages().count
        let quarantined = try Maildir(path: workspace.directory.path + "/quarantine").newMessages().count
        #expect(filed + quarantined == 1_000)
        #expect(output.contains("cannot be reached"), "the wait is said: \(output.suffix(2_000))")
        #expect(recordedBefore < messages.count, "the restart came in the middle of the intake")
        print(
            """
            PostgreSQL restart: \(recordedBefore) messages recorded and \(sentBefore) replies sent before it; \
            then all \(messages.count) recorded, \(copies.count) replies once each, \
            \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
            """)
    }

    @Test("a host killed holding a claimed reply: another host sends it once its lease has passed, nothing twice")
    func deadHostsClaim() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let silent = try StalledRelay()
        let location = try PostgresTestCluster.shared().freshDatabase()
        let lease = 4
        let url = Self.url(location, lease: lease)
        // Host A's relay never answers: A claims a reply and waits on it; then it is killed.
        let hostA = try Self.workspace(relay: "smtp://127.0.0.1:\(silent.port)", url: url)
        let hostB = try Self.workspace(relay: server.url, url: url)
        let load = try LoadInbox(count: 30)
        try load.deliver(0..<30, into: Maildir(path: hostA.directory.path + "/inbox"))
        // Another machine's name (a UTS namespace of its own): B cannot see A's processes, only the lease.
        let a = try LeadMailBinary.start(
            [
                "--uts", "--map-root-user", "/bin/sh", "-c",
                "hostname host-a && exec \(RepositoryPaths.leadmailBinary) run --config \(hostA.config)",
            ], in: hostA.directory.path, executable: "/usr/bin/unshare", output: hostA.directory.path + "/run.log")
        defer { if a.isRunning { kill(a.processIdentifier, SIGKILL) } }
        let claimedByA = "SELECT message_id FROM outbox WHERE claimed_by LIKE 'host-a:%'"
        let recorded = "SELECT count(*) FROM leads"
        let claimed = try await Self.wait(.seconds(60)) {
            (try? Self.column(location, claimedByA).isEmpty) == false
                && Self.count(location, recorded) == Set(load.leadEmails).count
        }
        let log = (try? String(contentsOfFile: hostA.directory.path + "/run.log", encoding: .utf8)) ?? ""
        try #require(claimed, "host A claimed a reply: \(log.suffix(1_500))")
        let held = try Self.column(location, claimedByA)
        kill(a.processIdentifier, SIGKILL)
        await CrashSafetyTests.waitForExit(a)
        let killedAt = Date()
        let queuedByA = try Self.column(location, "SELECT message_id FROM outbox")

        let b = try LeadMailBinary.start(
            ["run", "--config", hostB.config], in: hostB.directory.path, output: hostB.directory.path + "/run.log")
        defer { if b.isRunning { b.terminate() } }
        let expected = Set(load.leadEmails)
        let allSent = try await Self.wait(.seconds(60)) { try Self.copies(server).count >= queuedByA.count }
        try await Task.sleep(for: .milliseconds(500))
        b.terminate()
        await CrashSafetyTests.waitForExit(b)
        let copies = try Self.copies(server)
        #expect(allSent, "host B sent every reply: \(copies.count) of \(queuedByA.count)")
        #expect(queuedByA.count == expected.count)
        #expect(Set(copies.keys) == Set(queuedByA))
        #expect(copies.values.allSatisfy { $0 == 1 }, "sent twice: \(copies.filter { $0.value > 1 })")
        // The held reply went out after its lease, by B, logged as A's interrupted attempt.
        for id in held {
            let sentAt = try #require(
                try Self.column(location, "SELECT extract(epoch FROM sent_at) FROM outbox WHERE message_id = '\(id)'")
                    .first.flatMap(Double.init))
            #expect(sentAt >= killedAt.timeIntervalSince1970 - 1, "not before A died")
            let interrupted = try Self.column(
                location,
                """
                SELECT reply FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id
                WHERE o.message_id = '\(id)' AND a.result = 'interrupted'
                """)
            #expect(interrupted.count == 1 && interrupted[0].contains("host-a"), "\(interrupted)")
        }
    }

    /// 200 people, each writing to two of three hosts: plain enquiries from a mail client.
    static func enquiry(person: Int, host: Int, number: Int) -> [UInt8] {
        let date = Date(timeIntervalSince1970: 1_796_000_000 + Double(person * 60 + number))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return Array(
            """
            From: Customer \(person) <buyer\(person)@plant\(person).example>
            To: Acme Sales <sales@acme.example>
            Subject: Quote for \(number + 2) pressure sensors, order \(person)-\(host)-\(number)
            Date: \(formatter.string(from: date))
            Message-ID: <p\(person)-h\(host)-n\(number)@mail.plant\(person).example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Hello,

            could you quote \(number + 2) pressure sensors (0-10 bar) for our plant? We need them next month.

            Best regards
            Customer \(person)

            """.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test(
        "three hosts, three maildirs, 3 × 1,000 messages from 200 people writing to two hosts: one lead each")
    func threeHosts() async throws {
        let started = ContinuousClock.now
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let location = try PostgresTestCluster.shared().freshDatabase()
        let hosts = try (0..<3).map { _ in try Self.workspace(relay: server.url, url: Self.url(location)) }
        // Person p writes to hosts p % 3 and (p + 1) % 3; each host gets 1,000 messages from its people in turn.
        var delivered: Set<String> = []
        var written: [String: Int] = [:]
        for (index, host) in hosts.enumerated() {
            let people = (0..<200).filter { $0 % 3 == index || ($0 + 1) % 3 == index }
            let inbox = Maildir(path: host.directory.path + "/inbox")
            for message in 0..<1_000 {
                let person = people[message % people.count]
                try inbox.deliver(Self.enquiry(person: person, host: index, number: message / people.count))
                delivered.insert("p\(person)-h\(index)-n\(message / people.count)@mail.plant\(person).example")
                written["buyer\(person)@plant\(person).example", default: 0] += 1
            }
        }
        let processes = try hosts.enumerated().map { index, host in
            try LeadMailBinary.start(
                ["run", "--verbose", "--config", host.config], in: host.directory.path,
                output: host.directory.path + "/run\(index).log")
        }
        defer { for process in processes where process.isRunning { process.terminate() } }
        let inbound = "SELECT count(*) FROM communications WHERE direction = 'inbound'"
        let done = try await Self.wait(.seconds(240)) {
            try Self.count(location, inbound) >= 3_000 && Self.copies(server).count >= 200
                && hosts.allSatisfy { try Maildir(path: $0.directory.path + "/inbox").newMessages().isEmpty }
        }
        try await Task.sleep(for: .milliseconds(500))
        if !done {
            for (index, host) in hosts.enumerated() {
                let log = (try? String(contentsOfFile: host.directory.path + "/run\(index).log", encoding: .utf8)) ?? ""
                let left = (try? Maildir(path: host.directory.path + "/inbox").newMessages().count) ?? -1
                print(
                    "host \(index): running \(processes[index].isRunning), \(left) left in new/: \(log.suffix(1_500))")
            }
        }
        for process in processes { process.terminate() }
        for process in processes { await CrashSafetyTests.waitForExit(process) }
        #expect(done, "all recorded and answered: \(Self.count(location, inbound)) messages")

        let leads = try Self.column(location, "SELECT lower(email) FROM leads")
        #expect(leads.count == 200, "one lead per person")
        #expect(Set(leads) == Set((0..<200).map { "buyer\($0)@plant\($0).example" }))
        let messages = try Self.column(
            location, "SELECT message_id FROM communications WHERE direction = 'inbound'")
        #expect(messages.count == 3_000 && Set(messages) == delivered, "every message recorded once")
        let perLead = try Self.column(
            location,
            """
            SELECT lower(l.email) || ' ' || count(*) FROM communications c JOIN leads l ON l.id = c.lead_id
            WHERE c.direction = 'inbound' GROUP BY l.email
            """)
        #expect(Set(perLead) == Set(written.map { "\($0.key) \($0.value)" }), "a person's messages on their one lead")
        let copies = try Self.copies(server)
        #expect(copies.count == 200 && copies.values.allSatisfy { $0 == 1 }, "one reply per lead, once")
        // Every transaction that writes the rows of several people's leads takes those people first, in one
        // order (intake's batches, the outbox's, the lead rules' catch-up), and a relay's answer that dates a
        // lead's first reply takes its one person: writers that meet the same people queue instead of each
        // holding a row the other needs. Without the people intake's batches took, this run had 580 deadlocks;
        // with those but not the catch-up's and the answer's, 3 to 40.
        let deadlocks = Self.count(
            location, "SELECT deadlocks FROM pg_stat_database WHERE datname = '\(location.database)'")
        #expect(deadlocks == 0, "writers of several hosts queue for the same people: \(deadlocks) deadlocks")
        let recipients = try server.received().flatMap(\.rcptTos)
        #expect(Set(recipients).count == 200 && recipients.count == 200)
        let created = try hosts.enumerated().map { index, host in
            try String(contentsOfFile: host.directory.path + "/run\(index).log", encoding: .utf8)
                .components(separatedBy: ": new lead ").count - 1
        }
        print(
            """
            three hosts: 3,000 messages, \(leads.count) leads (created per host: \(created)), \
            \(copies.count) replies, \(deadlocks) deadlocks, \
            \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
            """)
    }
}
