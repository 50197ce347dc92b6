import Foundation
import Maildir
import TestSupport
import Testing

/// Two `leadmail` processes on one maildir and one database: no message is recorded twice and no reply sent twice.
/// A process alone takes messages without claiming them (`MaildirIntakeLock`); with another one present, both claim
/// each message and share the work.
@Suite("Two leadmail processes share one inbox")
struct SharedWorkTests {
    @Test("two `run --once` at the same time: each message handled by one of them, each reply sent once")
    func twoProcesses() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(relay: server.url, in: memory)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let load = try LoadInbox(count: 400)
        try load.deliver(0..<400, into: inbox)

        async let first = workspace.leadmail("run", "--once")
        async let second = workspace.leadmail("run", "--once")
        let results = try await [first, second]
        for result in results { #expect(result.status == 0, "\(result.stderr.suffix(500))") }

        // Each process reports what it handled; together that is every message, once. The first to start its
        // pass may find itself alone and take all of them while the other waits for that pass to end.
        let handled = results.map { Self.handledCount(in: $0.stdout) }
        #expect(handled.reduce(0, +) == 400, "\(results.map(\.stdout))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)
        try Self.expectEachOnce(load, database: workspace.directory.path + "/leadmail.sqlite", server: server)
        print("two run --once: handled \(handled[0]) + \(handled[1]) messages")
    }

    @Test("two `leadmail run` watching one inbox: both claim, both take a share, each message and reply once")
    func twoWatchers() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(
            relay: server.url, extra: "pollInterval: 0.2\nmaxRepliesPerHour: 0\n", in: memory)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let logFiles = (0..<2).map { workspace.directory.path + "/watcher\($0).log" }
        let watchers = try logFiles.map { log in
            try LeadMailBinary.start(
                ["run", "--verbose", "--config", workspace.config], in: workspace.directory.path, output: log)
        }
        defer { for watcher in watchers where watcher.isRunning { watcher.terminate() } }
        // Both present (each holds the lock file's presence byte) before anything arrives: every pass shares.
        let lockFile = MaildirIntakeLock(inbox).path
        let started = ContinuousClock.now
        while try Self.presentProcesses(lockFile: lockFile) < 2 && ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try Self.presentProcesses(lockFile: lockFile) == 2, "both watchers hold the presence lock")

        let load = try LoadInbox(count: 400)
        try load.deliver(0..<400, into: inbox)
        _ = try await server.waitForMessages(count: load.leadEmails.count, timeout: .seconds(120))
        while try !inbox.newMessages().isEmpty && ContinuousClock.now - started < .seconds(150) {
            try await Task.sleep(for: .milliseconds(50))
        }
        for watcher in watchers { watcher.terminate() }
        for watcher in watchers { await CrashSafetyTests.waitForExit(watcher) }
        let logs = try logFiles.map { try String(contentsOfFile: $0, encoding: .utf8) }

        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)
        let database = workspace.directory.path + "/leadmail.sqlite"
        try Self.expectEachOnce(load, database: database, server: server)
        // Each created leads of its own: both took a share.
        let created = logs.map { $0.components(separatedBy: ": new lead ").count - 1 }
        #expect(created.allSatisfy { $0 > 0 }, "both watchers took a share: \(created)")
        #expect(created.reduce(0, +) == Set(load.leadEmails).count, "\(created)")
        print("two run: created \(created[0]) + \(created[1]) leads")
    }

    /// Every lead once, every expected lead there, every reply at the relay once.
    static func expectEachOnce(_ load: LoadInbox, database: String, server: SMTPTestServer) throws {
        let leads = try SQLiteQuery.column(database: database, sql: "SELECT lower(email) FROM leads")
        #expect(leads.count == Set(leads).count)
        #expect(Set(leads) == Set(load.leadEmails))
        var copies: [String: Int] = [:]
        for mail in try server.received() {
            if let id = CrashSafetyTests.messageID(of: mail.data) { copies[id, default: 0] += 1 }
        }
        #expect(copies.count == load.leadEmails.count)
        #expect(copies.values.allSatisfy { $0 == 1 })
    }

    /// How many processes hold the presence byte of the lock file, from the kernel's table of locks.
    static func presentProcesses(lockFile: String) throws -> Int {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: lockFile),
            let inode = attributes[.systemFileNumber] as? UInt64
        else { return 0 }
        let table = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
        // "1: OFDLCK ADVISORY  READ  -1 00:1e:1234 0 0": the device and inode, then the byte range.
        return table.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 8, fields[1] == "OFDLCK" else { return false }
            return fields[5].split(separator: ":").last == Substring(String(inode)) && fields[6] == "0"
                && fields[7] == "0"
        }.count
    }

    /// "N messages: …" from the summary line.
    static func handledCount(in stdout: String) -> Int {
        Int(stdout.split(separator: " ").first ?? "") ?? -1
    }
}
