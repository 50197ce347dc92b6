import Foundation
import Maildir
import TestSupport
import Testing

/// A marketer's and an administrator's day in a real browser (Tests/Browser/marketer_day.py): the template editor's
/// live check, preview, save, versions and restore, which template an email gets, a test sent to oneself (which
/// reaches the tests' SMTP server on the next `leadmail run --once`), then users and the audit list. The templates
/// folder is a copy in the test's own folder, so the save writes there.
@Suite("Browser: a marketer's day in Chromium", .serialized)
struct MarketerBrowserTests {
    static let formEnquiry = """
        From: Website <forms@acme.example>
        Reply-To: Kim Lee <kim@hopfarm.example>
        To: sales@acme.example
        Subject: New website enquiry
        Date: Tue, 01 Dec 2026 09:00:00 +0000
        Message-ID: <form-1@acme.example>
        Content-Type: text/plain; charset=utf-8

        Name: Kim Lee
        Email: kim@hopfarm.example
        Message: We would like a demo of your level sensors for our hop farm.
        """

    @Test("live check, preview, save, restore, which template, a test to me; a user added; the audit list")
    func marketersDay() async throws {
        try BrowserTests.requireChromium()
        let relay = try await SMTPTestServer.start()
        defer { relay.stop() }
        let workspace = try CLIWorkspace(relay: relay.url)
        let templates = workspace.directory.path + "/templates"
        try FileManager.default.copyItem(atPath: RepositoryPaths.templates, toPath: templates)
        let config = try String(contentsOfFile: workspace.config, encoding: .utf8)
        try config.replacingOccurrences(
            of: "templates: \(RepositoryPaths.templates)", with: "templates: \(templates)"
        ).write(toFile: workspace.config, atomically: true, encoding: .utf8)
        let original = try String(contentsOfFile: templates + "/web-form.mustache", encoding: .utf8)

        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try BrowserTests.write(BrowserTests.enquiry, named: "1798099200.M1P1.mx", into: inbox)
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let password = "a long demo password"
        // The first user is added by the implicit administrator (no --as), the next by that one.
        let admin = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "root@acme.example", "--name",
            "Rosa Root", "--role", "admin")
        #expect(admin.status == 0, "\(admin.stderr)")
        let marketer = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "mark@acme.example", "--name",
            "Mark Ting", "--role", "marketing", "--as", "root@acme.example")
        #expect(marketer.status == 0, "\(marketer.stderr)")

        let (server, port) = try await BrowserTests.serve(workspace)
        defer { server.terminate() }
        let (result, shots) = try await BrowserTests.day(
            "marketer_day", in: workspace, port: port,
            environment: [
                "MARKETER": "mark@acme.example",
                "ADMIN": "root@acme.example", "PASSWORD": password, "LEAD_ID": "1",
                "ENQUIRY": Self.formEnquiry,
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: shots + "/template-editor.png"))
        #expect(FileManager.default.fileExists(atPath: shots + "/users.png"))

        #expect(
            try String(contentsOfFile: templates + "/web-form.mustache", encoding: .utf8) == original,
            "the earlier version was restored")
        let history = try FileManager.default.contentsOfDirectory(atPath: templates + "/.history/web-form.mustache")
        #expect(history.count == 3, "the text replaced, the marketer's save and the restore: \(history)")

        let deliver = try await workspace.leadmail("run", "--once")
        #expect(deliver.status == 0, "\(deliver.stderr)")
        let tests = try relay.received().filter { $0.rcptTos == ["mark@acme.example"] }
        #expect(tests.count == 1, "the test reached the SMTP server, addressed to the marketer only")
        let mail = String(decoding: try #require(tests.first).data, as: UTF8.self)
        #expect(mail.contains("[Test]"))
        #expect(mail.contains("X-LeadMail-Template-Test: web-form"))
    }
}
