import Foundation
import Maildir
import PostgresStore
import TestSupport
import Testing

/// LISTEN/NOTIFY between hosts: a reply one host queues wakes the outbox of another at once, not at its poll.
@Suite("PostgreSQL: NOTIFY wakes the other hosts' outbox")
struct PostgresNotifyTests {
    @Test("a letter queued on host A is sent by host B's run within seconds, with B's poll five minutes away")
    func notifiedOutbox() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let location = try PostgresTestCluster.shared().freshDatabase()
        let url = PostgresFaultTests.url(location)
        let hostA = try PostgresFaultTests.workspace(relay: server.url, url: url)
        try hostA.copySamples()
        let first = try await hostA.leadmail("run", "--once")
        #expect(first.status == 0, "\(first.stderr)")
        let before = try server.received().count

        let hostB = try PostgresFaultTests.workspace(relay: server.url, url: url, poll: 300)
        let log = hostB.directory.path + "/run.log"
        let b = try LeadMailBinary.start(
            ["run", "--verbose", "--config", hostB.config], in: hostB.directory.path, output: log)
        defer { if b.isRunning { b.terminate() } }
        let watching = try await PostgresFaultTests.wait(.seconds(30)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("watching")
        }
        try #require(watching, "host B started")
        // B's first look at the outbox (at its start) is over; the next poll is five minutes away.
        try await Task.sleep(for: .seconds(2))
        #expect(try server.received().count == before)

        // Host A only queues (a command, not a running service): B must send it.
        let written = try await hostA.leadmail(
            "leads", "write", "1", "--subject", "Your quote for 40 sensors", "--text", "Here it is, as promised.")
        #expect(written.status == 0, "\(written.stderr)")
        let queuedAt = ContinuousClock.now
        let sent = try await PostgresFaultTests.wait(.seconds(60)) { try server.received().count > before }
        let elapsed = ContinuousClock.now - queuedAt
        b.terminate()
        await CrashSafetyTests.waitForExit(b)
        #expect(sent, "host B sent the letter: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(elapsed < .seconds(60), "sent \(elapsed) after it was queued, not at the poll (300 s away)")
        let letter = try server.received().last
        #expect(letter.map { String(decoding: $0.data, as: UTF8.self) }?.contains("Your quote for 40 sensors") == true)
        print("NOTIFY: a letter queued on host A went out from host B \(elapsed) later (B's poll: 300 s)")
    }

    @Test("an open page hears /events say leads changed when another process acts; SQLite answers 204")
    func pageEvents() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try PostgresRunTests.workspace(relay: server.url)
        try workspace.copySamples()
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let (serve, base, jar) = try await HostileMailServeTests.signedIn(workspace)
        defer { serve.terminate() }
        // A signed-out browser gets no stream.
        let anonymous = try await LeadMailBinary.runExecutable(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", base + "/events"])
        #expect(anonymous.stdout != "200", "\(anonymous.stdout)")

        let stream = workspace.directory.path + "/events.txt"
        let listening = try LeadMailBinary.start(
            ["-sS", "-N", "-i", "--max-time", "8", "-b", jar, base + "/events"], executable: "/usr/bin/curl",
            output: stream)
        try await Task.sleep(for: .seconds(1))
        let note = try await workspace.leadmail(
            "leads", "note", "1", "Called back: wants 40, not 60", "--as", "root@acme.example")
        #expect(note.status == 0, "\(note.stderr)")
        await CrashSafetyTests.waitForExit(listening)
        let text = try String(contentsOfFile: stream, encoding: .utf8)
        #expect(text.contains("text/event-stream"), "\(text)")
        #expect(text.contains("event: changed"), "\(text)")
        #expect(text.lowercased().contains("connect-src 'self'"), "the page's script may open the stream")

        let sqlite = try CLIWorkspace()
        try sqlite.copySamples()
        #expect(try await sqlite.leadmail("run", "--once").status == 0)
        let (sqliteServe, sqliteBase, sqliteJar) = try await HostileMailServeTests.signedIn(sqlite)
        defer { sqliteServe.terminate() }
        let noFeed = try await LeadMailBinary.runExecutable(
            "/usr/bin/curl",
            ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-b", sqliteJar, sqliteBase + "/events"])
        #expect(noFeed.stdout == "204", "\(noFeed.stdout)")
    }
}
