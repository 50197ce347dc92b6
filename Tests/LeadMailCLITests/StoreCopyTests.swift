import Foundation
import Maildir
import PostgresStore
import TestSupport
import Testing

/// `leadmail store copy --to postgres://…`: a SQLite store moved into a real PostgreSQL database, interrupted
/// by SIGKILL and resumed, counted on both sides, then used as the store.
@Suite("leadmail store copy into PostgreSQL", .serialized)
struct StoreCopyTests {
    /// The emails of `leads list --json`.
    static func leadEmails(_ workspace: CLIWorkspace, as user: String? = nil) async throws -> [String] {
        let list =
            if let user {
                try await workspace.leadmail("leads", "list", "--json", "--as", user)
            } else {
                try await workspace.leadmail("leads", "list", "--json")
            }
        #expect(list.status == 0, "\(list.stderr)")
        let leads = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        return leads.compactMap { $0["email"] as? String }.sorted()
    }

    @Test("a copy killed half-way is resumed by the same command; the counts match; the copy is a working store")
    func copyKilledAndResumed() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(relay: server.url, extra: "maxRepliesPerHour: 0\n", in: memory)
        let load = try LoadInbox(count: 600)
        try load.deliver(0..<600, into: Maildir(path: workspace.directory.path + "/inbox"))
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let sqliteLeads = try await Self.leadEmails(workspace)
        let password = "a long demo password"
        let added = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "root@acme.example",
            "--name", "Rosa Root", "--role", "admin")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(sqliteLeads.count == Set(load.leadEmails).count)

        let location = try PostgresTestCluster.shared().freshDatabase()
        let url = PostgresFaultTests.url(location)
        // Small chunks, so that the copy is still running when it is killed.
        let log = workspace.directory.path + "/copy.log"
        let first = try LeadMailBinary.start(
            ["store", "copy", "--to", url, "--chunk", "10", "--config", workspace.config],
            in: workspace.directory.path, output: log)
        let midway = try await PostgresFaultTests.wait(.seconds(60)) {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.contains("communications: ") || !first.isRunning
        }
        #expect(midway && first.isRunning, "the copy was killed while it ran")
        kill(first.processIdentifier, SIGKILL)
        await CrashSafetyTests.waitForExit(first)
        let killedLog = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!killedLog.contains("Copied;"), "\(killedLog.suffix(500))")
        let copiedBefore = PostgresFaultTests.count(location, "SELECT count(*) FROM communications")

        let resumed = try await workspace.leadmail("store", "copy", "--to", url, "--chunk", "10")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resumed a copy that had stopped."), "\(resumed.stdout.suffix(800))")
        #expect(resumed.stdout.contains("Copied; the counts match."))
        for table in ["contacts", "leads", "communications", "outbox", "outbox_content", "users", "lead_events"] {
            let line = try #require(
                resumed.stdout.split(separator: "\n").first { $0.hasPrefix("\(table): ") && $0.contains(" in SQLite") })
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            #expect(numbers.count == 2 && numbers[0] == numbers[1] && numbers[0] > 0, "\(line)")
        }
        print("store copy: killed with \(copiedBefore) log entries copied; resumed to the end")

        // The copy is the store now: the same leads, and new mail gets ids after the copied ones.
        let onPostgres = try PostgresRunTests.workspace(relay: server.url)
        try PostgresRunTests.setStore(url, in: onPostgres)
        #expect(try await Self.leadEmails(onPostgres, as: "root@acme.example") == sqliteLeads)
        let signIn = try await onPostgres.leadmail("users", "list", "--as", "root@acme.example")
        #expect(signIn.stdout.contains("root@acme.example"), "\(signIn.stdout)")
        try Maildir(path: onPostgres.directory.path + "/inbox").deliver(
            Array(
                """
                From: New Customer <new.customer@fresh.example>\r
                To: sales@acme.example\r
                Subject: Quote for 5 valves\r
                Date: Mon, 07 Dec 2026 09:00:00 +0000\r
                Message-ID: <after-the-copy@fresh.example>\r
                \r
                Could you quote 5 valves?\r

                """.utf8))
        let run = try await onPostgres.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 new lead"), "\(run.stdout)")

        // Another store into the same database: refused, nothing mixed.
        let other = try CLIWorkspace()
        try other.copySamples()
        #expect(try await other.leadmail("run", "--once").status == 0)
        let refused = try await other.leadmail("store", "copy", "--to", url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("holds a copy of"), "\(refused.stderr)")
    }

    @Test("a database that has leads of its own is refused")
    func nonEmptyTargetRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let onPostgres = try PostgresRunTests.workspace(relay: server.url)
        try onPostgres.copySamples()
        #expect(try await onPostgres.leadmail("run", "--once").status == 0)
        let yaml = try String(contentsOfFile: onPostgres.config, encoding: .utf8)
        let url = try #require(
            yaml.split(separator: "\n").first { $0.hasPrefix("store:") }.map { String($0.dropFirst(7)) })

        let sqlite = try CLIWorkspace()
        try sqlite.copySamples()
        #expect(try await sqlite.leadmail("run", "--once").status == 0)
        let refused = try await sqlite.leadmail("store", "copy", "--to", url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is not empty"), "\(refused.stderr)")
    }
}
