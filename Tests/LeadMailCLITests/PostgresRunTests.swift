import Foundation
import Maildir
import TestSupport
import Testing

/// `leadmail run --once` with `store: postgres://…`: the samples recorded in a database of the test process's
/// PostgreSQL server, the replies sent to a real SMTP server, the lead commands reading the same database.
@Suite("leadmail on a PostgreSQL store")
struct PostgresRunTests {
    /// A workspace whose leadmail.yml names a fresh database on the test cluster instead of the SQLite file.
    static func workspace(relay: String) throws -> CLIWorkspace {
        let workspace = try CLIWorkspace(relay: relay)
        let database = try PostgresTestCluster.shared().freshDatabase()
        let yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        let url = "postgres://postgres@127.0.0.1:\(database.port)/\(database.database)?sslmode=disable"
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("store:") ? "store: \(url)" : String(line)
        }
        try lines.joined(separator: "\n").write(toFile: workspace.config, atomically: true, encoding: .utf8)
        return workspace
    }

    @Test("run --once records the samples' leads and sends their replies once; a second run adds nothing")
    func runOnce() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try Self.workspace(relay: server.url)
        try workspace.copySamples()
        let expected = try SampleExpectation.all()
        let leadCount = expected.filter { $0.outcome == "lead" }.count

        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("\(leadCount) new leads"), "summary: \(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.path + "/leadmail.sqlite"))

        let list = try await workspace.leadmail("leads", "list", "--json")
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let leads = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(
            Set(leads.compactMap { $0["email"] as? String })
                == Set(expected.filter { $0.outcome == "lead" }.compactMap(\.email)))

        let outbox = try await workspace.leadmail("outbox", "list", "--all")
        #expect(outbox.status == 0, "stderr: \(outbox.stderr)")
        let sent = try server.received()
        #expect(!sent.isEmpty)
        let ids = sent.compactMap { $0.header("Message-ID") }
        #expect(ids.count == sent.count)
        #expect(Set(ids).count == sent.count, "no reply twice")

        // The samples again: every message is known, nothing new is recorded or sent.
        try workspace.copySamples()
        let again = try await workspace.leadmail("run", "--once")
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("0 new leads, 0 attached"), "\(again.stdout)")
        #expect(again.stdout.contains("0 replies queued"), "\(again.stdout)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try server.received().count == sent.count)
    }

    @Test("store migrate on a database says it is up to date; a server that is down is named")
    func migrateAndRefusal() async throws {
        let workspace = try Self.workspace(relay: "smtp://127.0.0.1:1")
        let migrate = try await workspace.leadmail("store", "migrate")
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("up to date"), "\(migrate.stdout)")

        var yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        let port = try PostgresTestCluster.shared().port
        yaml = yaml.replacingOccurrences(of: "127.0.0.1:\(port)/", with: "127.0.0.1:1/")
        try yaml.write(toFile: workspace.config, atomically: true, encoding: .utf8)
        let refused = try await workspace.leadmail("leads", "list")
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("PostgreSQL at 127.0.0.1:1 refused the connection: is it running?"),
            "\(refused.stderr)")
    }

    /// leadmail.yml's `store:` line replaced by `store`.
    static func setStore(_ store: String, in workspace: CLIWorkspace) throws {
        let yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("store:") ? "store: \(store)" : String(line)
        }
        try lines.joined(separator: "\n").write(toFile: workspace.config, atomically: true, encoding: .utf8)
    }

    @Test("a store URL that must be fixed stops run with 78 (configuration); a server that is down with 75")
    func exitCodes() async throws {
        let workspace = try Self.workspace(relay: "smtp://127.0.0.1:1")
        let port = try PostgresTestCluster.shared().port
        let fix = [
            "postgres://", "postgres://leadmail:secret@127.0.0.1:\(port)/leadmail?sslmode=disable",
            "postgres://postgres@127.0.0.1:\(port)/no_such_database?sslmode=disable",
            "postgres://postgres@127.0.0.1:\(port)/leadmail?sslmode=disable&outboxLease=soon",
        ]
        for store in fix {
            try Self.setStore(store, in: workspace)
            let run = try await workspace.leadmail("run", "--once")
            #expect(run.status == 78, "\(store): \(run.stderr)")
            #expect(!run.stderr.contains("secret"), "the password is never shown")
        }
        try Self.setStore("postgres://postgres@127.0.0.1:1/leadmail?sslmode=disable", in: workspace)
        let refused = try await workspace.leadmail("run", "--once")
        #expect(refused.status == 75, "\(refused.stderr)")
    }

    @Test("serve on a PostgreSQL store: sign in over HTTP and list the leads run recorded")
    func serveOnPostgres() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try Self.workspace(relay: server.url)
        try workspace.copySamples()
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let (serve, base, jar) = try await HostileMailServeTests.signedIn(workspace)
        defer { serve.terminate() }
        let page = try await HostileMailServeTests.curl(["-c", jar, "-b", jar, base + "/leads"])
        #expect(page.contains("Rosa Root"), "signed in: \(page.prefix(500))")
        let expected = try SampleExpectation.all().filter { $0.outcome == "lead" }.compactMap(\.email)
        #expect(!expected.isEmpty)
        // Each lead is linked from its row (number and name): as many leads as the samples make.
        let linked = Set(
            page.matches(of: /href="\/leads\/(\d+)"/).map { String($0.output.1) })
        #expect(linked.count == Set(expected).count, "\(linked.count) leads listed: \(page.suffix(800))")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.path + "/leadmail.sqlite"))
    }
}
