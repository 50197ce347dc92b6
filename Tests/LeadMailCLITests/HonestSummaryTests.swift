import Foundation
import Maildir
import TestSupport
import Testing

/// What `run --once` prints and logs is true and safe: the relay's password never shows, every kind of waiting
/// reply is counted, and a message the quarantine could not take is not said to be quarantined.
@Suite("run --once says one true thing", .serialized)
struct HonestSummaryTests {
    @Test("the relay's password is masked in the summary; replies held by the hourly limit are counted")
    func maskedAndCounted() async throws {
        let server = try await SMTPTestServer.start(login: (username: "leaduser", password: "Pw-S3cr3t-9"))
        defer { server.stop() }
        let relay = server.url.replacingOccurrences(of: "smtp://", with: "smtp://leaduser:Pw-S3cr3t-9@")
        let workspace = try CLIWorkspace(relay: relay, extra: "maxRepliesPerHour: 2\n")
        try workspace.copySamples()

        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Pw-S3cr3t-9") && !result.stderr.contains("Pw-S3cr3t-9"))
        #expect(result.stdout.contains("smtp://leaduser:***@127.0.0.1"), "\(result.stdout)")
        let queued = try #require(Self.count("repl(?:y|ies) queued", in: result.stdout))
        #expect(queued > 3)
        #expect(result.stdout.contains("Outbox: 2 sent"), "\(result.stdout)")
        let held = try #require(Self.count("held by the hourly limit", in: result.stdout), "\(result.stdout)")
        #expect(held == queued - 2, "\(result.stdout)")
        #expect(!result.stdout.contains("0 waiting to retry, 0 failed"))
    }

    @Test("a reply in back-off and a reply delayed by its template are each counted")
    func backOffAndDelay() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try server.setRules([
            .reject(
                recipient: "hannah.whitfield@brackleyfoods.example", code: 451,
                message: "4.7.1 Try again later")
        ])
        let workspace = try CLIWorkspace(relay: server.url)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        try inbox.deliver(
            Array(
                LoadInbox.stamp(
                    try LoadInbox.sampleText(
                        "1794818832.M995030P57721Q1.mx1.acme.example"), messageID: "hannah@load.test", index: 1
                ).utf8))
        // German: the German template waits ten minutes before it answers.
        try inbox.deliver(
            Array(
                """
                From: Jonas Weber <jonas.weber@weber-lebensmittel.example>\r
                To: sales@acme.example\r
                Subject: Anfrage Füllstandsensoren\r
                Date: Thu, 26 Nov 2026 08:00:00 +0000\r
                Message-ID: <jonas-1@weber-lebensmittel.example>\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                Guten Tag, bitte senden Sie uns ein Angebot für 30 Füllstandsensoren für unsere Silos.\r

                """.utf8))

        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.count("waiting to retry", in: result.stdout) == 1, "\(result.stdout)")
        #expect(Self.count("delayed by their template", in: result.stdout) == 1, "\(result.stdout)")
    }

    @Test("a quarantine that cannot be written: the message stays in new/, and the log does not say quarantined")
    func unwritableQuarantine() async throws {
        let workspace = try CLIWorkspace()
        let yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        try yaml.replacingOccurrences(of: "quarantine: quarantine", with: "quarantine: blocked/quarantine")
            .write(toFile: workspace.config, atomically: true, encoding: .utf8)
        // A regular file where the quarantine's parent should be: even root cannot create a directory below it.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: workspace.directory.path + "/blocked"))
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        try inbox.deliver(Array("\u{1}\u{2}binary junk, not a message\r\n".utf8))

        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 75)
        #expect(!result.stderr.contains("quarantined "), "\(result.stderr)")
        #expect(result.stderr.contains("stays in new/"), "\(result.stderr)")
        #expect(try inbox.newMessages().count == 1)
    }

    /// The number before `phrase` in the text.
    static func count(_ phrase: String, in text: String) -> Int? {
        guard let match = text.firstMatch(of: try! Regex("([0-9]+) " + phrase)) else { return nil }
        return Int(match.output[1].substring ?? "")
    }
}
