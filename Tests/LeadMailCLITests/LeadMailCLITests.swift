import Foundation
import Maildir
import TestSupport
import Testing

@Suite("The leadmail command line", .serialized)
struct LeadMailCLITests {
    @Test("run --once on the samples, then leads list/show --json give the documented interface")
    func runOnceAndJSON() async throws {
        let workspace = try CLIWorkspace()
        try workspace.copySamples()
        let expected = try SampleExpectation.all()
        let leadCount = expected.filter { $0.outcome == "lead" }.count

        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("\(leadCount) new leads"), "summary: \(run.stdout)")
        #expect(run.stdout.contains("1 quarantined"))

        let list = try await workspace.leadmail("leads", "list", "--json")
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let leads = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(leads.count == leadCount)
        for key in ["id", "name", "email", "phone", "company", "source", "campaign", "status", "createdAt"] {
            #expect(
                leads.allSatisfy { $0.keys.contains(key) || ["name", "phone", "company", "campaign"].contains(key) },
                "every lead has \(key)")
        }
        #expect(leads.allSatisfy { ($0["status"] as? String) == "new" })
        let emails = Set(leads.compactMap { $0["email"] as? String })
        #expect(emails == Set(expected.filter { $0.outcome == "lead" }.compactMap(\.email)))

        let limited = try await workspace.leadmail("leads", "list", "--json", "--limit", "3")
        #expect((try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as? [Any])?.count == 3)

        let hannah = try #require(leads.first { ($0["email"] as? String) == "hannah.whitfield@brackleyfoods.example" })
        let id = try #require(hannah["id"] as? Int)
        let show = try await workspace.leadmail("leads", "show", "\(id)", "--json")
        #expect(show.status == 0, "stderr: \(show.stderr)")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let log = try #require(detail["communications"] as? [[String: Any]])
        // The web-form enquiry, her repeat enquiry of 21 November, and our reply, sent (and dated) now.
        #expect(log.map { $0["direction"] as? String } == ["inbound", "inbound", "outbound"])
        #expect(log.map { $0["status"] as? String } == ["received", "received", "sent"])
        let dates = log.compactMap { $0["date"] as? String }
        #expect(dates == dates.sorted(), "oldest first")
        for key in ["direction", "date", "from", "to", "subject", "messageId", "status"] {
            #expect(log.allSatisfy { $0[key] != nil }, "every entry has \(key)")
        }

        let text = try await workspace.leadmail("leads", "show", "L\(id)")
        #expect(text.stdout.contains("Communications (oldest first):"))
        #expect(text.stdout.contains("hannah.whitfield@brackleyfoods.example"))
        let missing = try await workspace.leadmail("leads", "show", "999")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("There is no lead L999"))
    }

    @Test("templates check: exit 0 on the shipped templates, file:line and exit 1 on a broken one")
    func templatesCheck() async throws {
        let good = try CLIWorkspace()
        let ok = try await good.leadmail("templates", "check")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")

        let broken = try CLIWorkspace()
        let folder = broken.directory.path + "/templates"
        try FileManager.default.copyItem(atPath: RepositoryPaths.templates, toPath: folder)
        try """
        ---
        subject: "Thanks, {{firstName}}"
        sources: [web-form]
        ---
        Hello {{frstName}},
        {{#company}}for {{company}}
        """.write(toFile: folder + "/web-form.mustache", atomically: true, encoding: .utf8)
        var yaml = try String(contentsOfFile: broken.config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "templates: \(RepositoryPaths.templates)", with: "templates: templates")
        try yaml.write(toFile: broken.config, atomically: true, encoding: .utf8)
        let result = try await broken.leadmail("templates", "check")
        #expect(result.status == 1)
        #expect(result.stdout.contains("web-form.mustache:5:"), "\(result.stdout)")
        #expect(result.stdout.contains("firstName"), "a did-you-mean suggestion: \(result.stdout)")
        #expect(result.stdout.contains("web-form.mustache:6:"), "the unclosed section: \(result.stdout)")
    }

    @Test("a wrong configuration lists every mistake with its key and line")
    func configurationErrors() async throws {
        let workspace = try CLIWorkspace(extra: "\nrelay: http://mail.example\nmailbxo: x\n")
        let result = try await workspace.leadmail("leads", "list")
        #expect(result.status != 0)
        #expect(result.stderr.contains("relay: must be an smtp:// or smtps:// URL"), "\(result.stderr)")
        #expect(result.stderr.contains("mailbxo: is not a known key; did you mean 'mailbox'?"), "\(result.stderr)")
        #expect(result.stderr.contains("leadmail.yml:"))
    }

    @Test("ingest takes .eml files and maildirs, quarantines what it cannot read, and a re-run adds nothing")
    func ingest() async throws {
        let workspace = try CLIWorkspace()
        let names = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.samples + "/new").sorted()
        let expected = try SampleExpectation.all()
        let broken = try #require(expected.first { $0.outcome == "quarantined" }).file
        let eml = workspace.directory.path + "/saved.eml"
        try FileManager.default.copyItem(atPath: RepositoryPaths.samples + "/new/" + names[0], toPath: eml)
        let junk = workspace.directory.path + "/junk.eml"
        try FileManager.default.copyItem(atPath: RepositoryPaths.samples + "/new/" + broken, toPath: junk)

        let first = try await workspace.leadmail("ingest", eml, junk)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("1 new lead,"), "\(first.stdout)")
        #expect(first.stdout.contains("1 quarantined"), "\(first.stdout)")
        let quarantine = Maildir(path: workspace.directory.path + "/quarantine")
        let kept = try #require(try quarantine.newMessages().first)
        #expect(try quarantine.read(kept) == [UInt8](try Data(contentsOf: URL(fileURLWithPath: junk))))
        #expect(FileManager.default.fileExists(atPath: junk), "a file given to ingest is left where it is")

        let backfill = workspace.directory.path + "/backfill"
        try FileManager.default.copyItem(atPath: RepositoryPaths.samples, toPath: backfill)
        try? FileManager.default.removeItem(atPath: backfill + "/cur")  // as in a fresh clone: git keeps no empty cur/
        let second = try await workspace.leadmail("ingest", backfill)
        #expect(second.status == 0, "\(second.stderr)")
        let leadCount = expected.filter { $0.outcome == "lead" }.count
        #expect(second.stdout.contains("\(leadCount - 1) new leads"), "\(second.stdout)")
        let again = try await workspace.leadmail("ingest", eml)
        #expect(again.stdout.contains("0 new leads"), "\(again.stdout)")
        #expect(again.stdout.contains("1 duplicate"), "\(again.stdout)")
        let missing = try await workspace.leadmail("ingest", workspace.directory.path + "/nope.eml")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("does not exist"))
    }

    @Test("run watches the mailbox, answers a new message over SMTP, and stops cleanly on SIGTERM")
    func runAndStop() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try CLIWorkspace(relay: server.url)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let process = try LeadMailBinary.start(["run", "--config", workspace.config], in: workspace.directory.path)
        try await Task.sleep(for: .milliseconds(800))
        let names = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.samples + "/new").sorted()
        try inbox.deliver(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.samples + "/new/" + names[0]))))
        let mails = try await server.waitForMessages(count: 1, timeout: .seconds(10))
        #expect(mails.first?.rcptTos == ["hannah.whitfield@brackleyfoods.example"])
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try inbox.newMessages().isEmpty)
        #expect(try inbox.curMessages().count == 1)
    }
}
