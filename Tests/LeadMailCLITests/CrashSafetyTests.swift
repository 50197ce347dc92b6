import Foundation
import Maildir
import TestSupport
import Testing

/// Kills `leadmail run` with SIGKILL again and again while it records 2,000 messages and sends their replies
/// to a real SMTP server, and proves that nothing was lost, recorded twice or sent twice.
@Suite("Crash safety: SIGKILL at random moments loses nothing and sends nothing twice")
struct CrashSafetyTests {
    static let messageCount = Int(ProcessInfo.processInfo.environment["LEADMAIL_CRASH_MESSAGES"] ?? "") ?? 2_000
    static let kills = Int(ProcessInfo.processInfo.environment["LEADMAIL_CRASH_KILLS"] ?? "") ?? 24

    @Test("2,000 messages, 24 kills: every message filed, every lead and log entry once, every reply once")
    func killAndRestart() async throws {
        let started = ContinuousClock.now
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        // On a tmpfs when there is one: SIGKILL leaves the page cache intact, so what is proven here does not
        // depend on fsync, and this disk's ~20 ms fsyncs would make the run several times longer.
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        // No global hourly limit here: 1,761 replies go out within two minutes (the limit is tested elsewhere).
        let workspace = try CLIWorkspace(
            relay: server.url, extra: "pollInterval: 0.2\nmaxRepliesPerHour: 0\n", in: memory)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let load = try LoadInbox(count: Self.messageCount)
        var generator = SystemRandomNumberGenerator()

        var killsDuringSend = 0
        let waves = 4
        for round in 0..<Self.kills {
            if round % (Self.kills / waves) == 0 {
                let wave = round / (Self.kills / waves)
                let size = Self.messageCount / waves
                try load.deliver(wave * size..<(wave + 1) * size, into: inbox)
            }
            let process = try LeadMailBinary.start(["run", "--config", workspace.config], in: workspace.directory.path)
            let lifetime = Double.random(in: 0.2...3.5, using: &generator)
            try await Task.sleep(for: .milliseconds(Int(lifetime * 1000)))
            if try !server.received().isEmpty { killsDuringSend += 1 }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }  // never a reused pid
            await Self.waitForExit(process)
        }
        // A last run to the end, as the supervisor's restart after the last kill would.
        let final = try await LeadMailBinary.run(
            ["run", "--once", "--config", workspace.config],
            in: workspace.directory.path)
        #expect(final.status == 0, "\(final.stderr)")

        // Every message is filed: in cur/ or in the quarantine, none left in new/ (not even a claimed one).
        let leftInNew = try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory)
        #expect(leftInNew.isEmpty, "left in new/: \(leftInNew.prefix(5))")
        let filed = try inbox.curMessages().count
        let quarantined = try Maildir(path: workspace.directory.path + "/quarantine").newMessages().count
        #expect(filed + quarantined == Self.messageCount)
        #expect(quarantined == load.letters.filter { $0.expected == .quarantined }.count)

        // Every lead and log entry exactly once.
        let database = workspace.directory.path + "/leadmail.sqlite"
        let leadEmails = try Self.query(database, "SELECT lower(email) FROM leads")
        #expect(leadEmails.count == Set(leadEmails).count, "a lead was recorded twice")
        let missing = Set(load.leadEmails).subtracting(leadEmails).sorted()
        let unexpected = Set(leadEmails).subtracting(load.leadEmails).sorted()
        #expect(missing.isEmpty, "\(missing.count) leads missing, e.g. \(missing.prefix(5))")
        #expect(unexpected.isEmpty, "\(unexpected.count) unexpected leads, e.g. \(unexpected.prefix(5))")
        let inbound = try Self.query(
            database, "SELECT message_id FROM communications WHERE direction = 'inbound' AND message_id LIKE 'load-%'")
        #expect(inbound.count == Set(inbound).count)
        #expect(inbound.count == load.leadEmails.count)

        // Every reply reached the relay once; a reply whose process died between handing it over and the relay's
        // answer is "uncertain": never resent, and the relay has it at most once.
        let sent = try Self.query(database, "SELECT message_id FROM outbox WHERE state = 'sent'")
        let uncertain = try Self.query(database, "SELECT message_id FROM outbox WHERE outcome = 'uncertain'")
        let queued = try Self.query(
            database,
            "SELECT message_id FROM outbox WHERE state != 'sent' AND "
                + "(outcome IS NULL OR outcome != 'uncertain')")
        #expect(queued.isEmpty, "replies neither sent nor uncertain: \(queued.prefix(3))")
        #expect(sent.count + uncertain.count == load.leadEmails.count)
        var copies: [String: Int] = [:]
        for mail in try server.received() {
            if let id = Self.messageID(of: mail.data) { copies[id, default: 0] += 1 }
        }
        let twice = copies.filter { $0.value > 1 }
        #expect(twice.isEmpty, "sent more than once: \(twice.prefix(3))")
        #expect(sent.allSatisfy { copies[$0] == 1 }, "a reply marked sent is missing at the relay")
        let uncertainDelivered = uncertain.filter { copies[$0] == 1 }.count

        let attempts = try Self.query(database, "SELECT result FROM outbox_attempts")
        let elapsed = ContinuousClock.now - started
        print(
            """
            crash test: \(Self.messageCount) messages, \(Self.kills) SIGKILLs (\(killsDuringSend) while replies \
            were going out), \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
              filed in cur/ \(filed), quarantined \(quarantined), left in new/ \(leftInNew.count)
              leads \(leadEmails.count) (expected \(load.leadEmails.count)), inbound log entries \(inbound.count)
              replies: sent \(sent.count), uncertain \(uncertain.count) (of which at the relay: \
            \(uncertainDelivered)), received by the relay \(copies.values.reduce(0, +)), \
            Message-IDs received twice \(twice.count)
              outbox attempts: interrupted \(attempts.filter { $0 == "interrupted" }.count), \
            uncertain \(attempts.filter { $0 == "uncertain" }.count)
            """)
    }

    static func waitForExit(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// One column of a query, through the sqlite3 library GRDB links (the tests do not import the store).
    static func query(_ database: String, _ sql: String) throws -> [String] {
        try SQLiteQuery.column(database: database, sql: sql)
    }

    static func messageID(of data: [UInt8]) -> String? {
        let text = String(decoding: data.prefix(8192), as: UTF8.self)
        for line in text.split(separator: "\r\n") {
            if line.isEmpty { break }
            if line.lowercased().hasPrefix("message-id:") {
                return line.dropFirst("message-id:".count)
                    .trimmingCharacters(in: CharacterSet(charactersIn: " <>\t"))
            }
        }
        return nil
    }
}
