import Foundation
import Maildir
import Testing
import TestSupport

/// Two `leadmail run` processes on one maildir and one database: they share the work, and no message is
/// recorded twice and no reply sent twice.
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

        // Each process reports what it handled; together that is every message, once.
        let handled = results.map { Self.handledCount(in: $0.stdout) }
        #expect(handled.reduce(0, +) == 400, "\(results.map(\.stdout))")
        #expect(handled.allSatisfy { $0 > 0 }, "both processes took a share: \(handled)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.newDirectory).isEmpty)

        let database = workspace.directory.path + "/leadmail.sqlite"
        let leads = try SQLiteQuery.column(database: database, sql: "SELECT lower(email) FROM leads")
        #expect(leads.count == Set(leads).count)
        #expect(Set(leads) == Set(load.leadEmails))
        var copies: [String: Int] = [:]
        for mail in try server.received() {
            if let id = CrashSafetyTests.messageID(of: mail.data) { copies[id, default: 0] += 1 }
        }
        #expect(copies.count == load.leadEmails.count)
        #expect(copies.values.allSatisfy { $0 == 1 })
        print("two processes: handled \(handled[0]) + \(handled[1]) messages, \(copies.count) replies, each once")
    }

    /// "N messages: …" from the summary line.
    static func handledCount(in stdout: String) -> Int {
        Int(stdout.split(separator: " ").first ?? "") ?? -1
    }
}
