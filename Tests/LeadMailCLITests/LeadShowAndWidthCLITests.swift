import Foundation
import Maildir
import TestSupport
import Testing

@Suite("leads show has every message's words; tables fit the terminal and are never cut in a pipe")
struct LeadShowAndWidthCLITests {
    static func mail(from: String, id: String, subject: String, date: String, text: String) -> [UInt8] {
        Array(
            """
            From: \(from)\r
            To: sales@acme.example\r
            Subject: \(subject)\r
            Date: \(date)\r
            Message-ID: <\(id)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(text)\r

            """.utf8)
    }

    @Test("a follow-up's text is in the text view of leads show, not only in --json")
    func followUpIsShown() async throws {
        let workspace = try CLIWorkspace()
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.deliver(
            Self.mail(
                from: "Margaret Llewellyn-Fotheringham <margaret.llewellyn-fotheringham@aberystwyth-dairies.example>",
                id: "m1@aberystwyth-dairies.example", subject: "Level sensors",
                date: "Mon, 16 Nov 2026 09:00:00 +0000", text: "We need 12 level sensors for our milk silos."))
        try inbox.deliver(
            Self.mail(
                from: "Margaret Llewellyn-Fotheringham <margaret.llewellyn-fotheringham@aberystwyth-dairies.example>",
                id: "m2@aberystwyth-dairies.example", subject: "Re: Level sensors",
                date: "Tue, 17 Nov 2026 14:00:00 +0000",
                text: "Could someone call me on Tuesday or Wednesday afternoon?"))
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")

        let show = try await workspace.leadmail("leads", "show", "1")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Could someone call me on Tuesday or Wednesday afternoon?"), "\(show.stdout)")

        let piped = try await workspace.leadmail("leads", "list")
        #expect(piped.stdout.contains("margaret.llewellyn-fotheringham@aberystwyth-dairies.example"), "never cut")
        let narrow = try await LeadMailBinary.run(
            ["leads", "list", "--config", workspace.config], in: workspace.directory.path,
            environment: ["COLUMNS": "90"])
        let lines = narrow.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.count <= 90 }, "\(narrow.stdout)")
        #expect(narrow.stdout.contains("…"))
    }
}
