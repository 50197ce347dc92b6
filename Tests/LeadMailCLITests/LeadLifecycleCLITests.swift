import Foundation
import Maildir
import TestSupport
import Testing

/// Teams, assignment and a Christmas calendar for the lifecycle tests: Friday 25 and Monday 28 December 2026 are
/// holidays, so from Thursday 24 the working days are 29, 30, 31 December.
let lifecycleYAML = """

    lifecycle:
      followUpDays: 1
      overdueDays: 3
      holidays: [2026-12-25, 2026-12-28]
      rejectionReasons: [no budget, no project, competitor, spam]
    scoring:
      sources: { trade-show: 20 }
    teams:
      - name: uk
        strategy: round-robin
        manager: boss@acme.example
        members:
          - { name: Anna Baker, email: anna@acme.example }
          - { name: Ben Carter, email: ben@acme.example }
    assignment:
      - team: uk

    """

/// A plain enquiry as a customer's mail program sends it.
func enquiryMail(
    from: String = "Jane Okafor <jane@brightwater.example>", id: String = "enq-1@brightwater.example",
    text: String = "Hello, we need 60 level sensors for our brewery. Budget is approved. Could you quote?",
    extraHeaders: String = ""
) -> String {
    """
    From: \(from)
    To: sales@acme.example
    Subject: Level sensors
    Date: Thu, 24 Dec 2026 08:30:00 +0000
    Message-ID: <\(id)>
    \(extraHeaders)MIME-Version: 1.0
    Content-Type: text/plain; charset=utf-8

    \(text)

    Jane Okafor
    Brightwater Ltd

    """.replacingOccurrences(of: "\n", with: "\r\n")
}

extension CLIWorkspace {
    /// Runs leadmail at a chosen moment (LEADMAIL_NOW) as the user `tester`.
    func leadmail(at now: String, _ arguments: String...) async throws -> CommandResult {
        try await LeadMailBinary.run(
            arguments + ["--config", config], in: directory.path,
            environment: ["LEADMAIL_NOW": now, "USER": "tester"])
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = directory.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func json(_ result: CommandResult) throws -> Any {
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// The mails written to the outbox maildir (no relay is configured), as text.
    func sentMails() throws -> [String] {
        let folder = directory.path + "/outbox/new"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.sorted().map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
    }
}

@Suite("Working a lead through the command line, on a real SQLite file", .serialized)
struct LeadLifecycleCLITests {
    let christmasEve = "2026-12-24T09:00:00Z"

    @Test("status, note, rate, tag, remind, task, assign, done, due and explain, each in the lead's log with who")
    func lifecycle() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        let ingest = try await workspace.leadmail(at: christmasEve, "ingest", eml)
        #expect(ingest.status == 0, "\(ingest.stderr)")

        var lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: christmasEve, "leads", "show", "1",
                    "--json")) as? [String: Any])
        #expect(lead["owner"] as? String == "anna@acme.example", "round-robin starts with the first member")
        #expect((lead["score"] as? Int ?? 0) > 0)
        var tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["due"] as? String } == ["2026-12-29"], "one working day after Christmas Eve")
        #expect(tasks.first?["followUp"] as? Bool == true)

        let refused = try await workspace.leadmail(
            at: christmasEve, "leads", "status", "1", "rejected", "--reason",
            "too pricey")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no budget, no project, competitor, spam"), "\(refused.stderr)")
        let noValue = try await workspace.leadmail(at: christmasEve, "leads", "status", "L1", "converted")
        #expect(noValue.stderr.contains("--value"), "\(noValue.stderr)")

        for arguments in [
            ["leads", "status", "1", "contacted", "--by", "anna"],
            ["leads", "rate", "1", "a"],
            ["leads", "tag", "1", "interested but not now", "expo"],
            ["leads", "note", "1", "Spoke to Mr XYZ, contact in June"],
            ["leads", "remind", "1", "2027-06-01"],
            ["leads", "task", "1", "meeting", "+2"],
            ["leads", "assign", "1", "Ben Carter"],
            ["leads", "status", "1", "qualified"],
        ] {
            let result = try await LeadMailBinary.run(
                arguments + ["--config", workspace.config], in: workspace.directory.path,
                environment: ["LEADMAIL_NOW": christmasEve, "USER": "tester"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let due = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: christmasEve, "leads", "due", "--owner", "ben", "--all", "--json")) as? [[String: Any]])
        #expect(due.map { $0["kind"] as? String } == ["email", "meeting"], "both open tasks moved to Ben")
        #expect(due.map { $0["due"] as? String } == ["2026-12-29", "2026-12-30"])
        let nothing = try await workspace.leadmail(at: christmasEve, "leads", "due", "--owner", "anna")
        #expect(nothing.stdout.contains("Nothing due"))
        let meeting = try #require(due.last?["id"] as? Int)
        let done = try await workspace.leadmail(at: christmasEve, "leads", "done", "\(meeting)")
        #expect(done.status == 0, "\(done.stderr)")
        let convert = try await workspace.leadmail(
            at: christmasEve, "leads", "status", "1", "converted", "--value", "12000", "--close-date", "2027-01-31")
        #expect(convert.status == 0, "\(convert.stderr)")
        let reopen = try await workspace.leadmail(
            at: christmasEve, "leads", "status", "1", "nurture", "--until",
            "2027-03-01")
        #expect(reopen.stderr.contains("it is closed"), "\(reopen.stderr)")

        lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: christmasEve, "leads", "show", "1",
                    "--json")) as? [String: Any])
        #expect(lead["status"] as? String == "converted")
        #expect(lead["value"] as? Double == 12000)
        #expect(lead["closeDate"] as? String == "2027-01-31")
        #expect(lead["rating"] as? String == "A")
        #expect(lead["tags"] as? [String] == ["expo", "interested but not now"])
        #expect(lead["remindOn"] as? String == "2027-06-01")
        #expect(lead["owner"] as? String == "ben@acme.example")
        tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.allSatisfy { $0["doneAt"] is String }, "converting closes the follow-up; the meeting was done")
        let events = try #require(lead["events"] as? [[String: Any]])
        let texts = events.compactMap { $0["text"] as? String }
        #expect(events.first { ($0["text"] as? String) == "new → contacted" }?["by"] as? String == "anna")
        #expect(events.last?["by"] as? String == "tester", "--by defaults to $USER")
        #expect(texts.contains("Spoke to Mr XYZ, contact in June"))
        #expect(texts.contains("qualified → converted (value 12000, closes 2027-01-31)"))
        let handOver = "owner anna@acme.example → ben@acme.example (team uk), 2 open tasks moved"
        #expect(texts.contains { $0.hasPrefix(handOver) })
        // Ben was told, in plain text a phone can show.
        let outbox = try await workspace.leadmail(at: christmasEve, "outbox")
        #expect(outbox.stdout.contains("ben@acme.example"), "\(outbox.stdout)")

        let explain = try await workspace.leadmail(at: christmasEve, "leads", "explain", "1")
        #expect(explain.stdout.contains("company email domain brightwater.example"), "\(explain.stdout)")
        #expect(explain.stdout.contains("enquiry mentions 'budget'"))
        #expect(explain.stdout.contains("\(lead["score"] as? Int ?? -1)  total"))
        let text = try await workspace.leadmail(at: christmasEve, "leads", "show", "1")
        #expect(text.stdout.contains("Log (oldest first):"))
        #expect(text.stdout.contains("Rating:   A — large project"))
    }

    @Test("a follow-up not done in 3 working days goes to the next person; both and the manager are told")
    func overdue() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        _ = try await workspace.leadmail(at: christmasEve, "ingest", eml)

        // Tuesday 29th, the follow-up's day: Anna's morning digest, no reassignment yet.
        let tuesday = try await workspace.leadmail(at: "2026-12-29T09:30:00Z", "run", "--once")
        #expect(tuesday.status == 0, "\(tuesday.stderr)")
        var mails = try workspace.sentMails()
        let digest = try #require(mails.first { $0.contains("Subject: Your leads today") })
        #expect(digest.contains("To: anna@acme.example"))
        #expect(digest.contains("Due today (1)"))
        #expect(mails.contains { $0.contains("Subject: New lead L1") && $0.contains("To: anna@acme.example") })
        _ = try await workspace.leadmail(at: "2026-12-29T11:00:00Z", "run", "--once")
        #expect(try workspace.sentMails().count == mails.count, "one digest a day")

        _ = try await workspace.leadmail(at: "2026-12-30T16:00:00Z", "run", "--once")
        var lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: "2026-12-30T16:00:00Z", "leads", "show", "1", "--json")) as? [String: Any])
        #expect(lead["owner"] as? String == "anna@acme.example", "two working days are not yet overdue")

        let thursday = try await workspace.leadmail(at: "2026-12-31T08:00:00Z", "run", "--once")
        #expect(thursday.status == 0, "\(thursday.stderr)")
        lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: "2026-12-31T08:00:00Z", "leads", "show", "1", "--json")) as? [String: Any])
        #expect(lead["owner"] as? String == "ben@acme.example")
        let events = try #require(lead["events"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(events.contains { $0.contains("not done within 3 working days by anna@acme.example") }, "\(events)")
        let tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.last?["owner"] as? String == "ben@acme.example")
        #expect(tasks.last?["due"] as? String == "2027-01-01", "one working day after Thursday 31st")
        mails = try workspace.sentMails()
        #expect(mails.contains { $0.contains("Subject: Lead passed to you L1") && $0.contains("To: ben@acme.example") })
        let overdue = try #require(mails.first { $0.contains("Subject: Overdue lead L1") })
        #expect(overdue.contains("anna@acme.example") && overdue.contains("boss@acme.example"))

        let again = try await workspace.leadmail(at: "2026-12-31T09:00:00Z", "run", "--once")
        #expect(again.status == 0)
        lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: "2026-12-31T09:00:00Z", "leads", "show", "1", "--json")) as? [String: Any])
        #expect(lead["owner"] as? String == "ben@acme.example", "the new follow-up starts the count again")
    }

    @Test("the owner's own mail to the lead, seen through Cc to the inbox, completes the follow-up")
    func ownersMailCompletesFollowUp() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let enquiry = try workspace.write(enquiryMail(), to: "enquiry.eml")
        _ = try await workspace.leadmail(at: christmasEve, "ingest", enquiry)
        let answer = """
            From: Anna Baker <anna@acme.example>
            To: Jane Okafor <jane@brightwater.example>
            Cc: sales@acme.example
            Subject: Re: Level sensors
            Date: Thu, 24 Dec 2026 11:00:00 +0000
            Message-ID: <answer-1@acme.example>
            In-Reply-To: <enq-1@brightwater.example>
            References: <enq-1@brightwater.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Dear Jane, thank you, I will call you after Christmas with a quote.
            Anna

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let path = try workspace.write(answer, to: "answer.eml")
        let result = try await workspace.leadmail(at: "2026-12-24T11:05:00Z", "ingest", path)
        #expect(result.status == 0, "\(result.stderr)")
        let lead = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: "2026-12-24T11:05:00Z", "leads", "show", "1", "--json")) as? [String: Any])
        #expect(lead["status"] as? String == "contacted")
        let tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.first?["doneAt"] is String)
        #expect(tasks.first?["doneBy"] as? String == "leadmail")
        let due = try await workspace.leadmail(at: "2026-12-29T09:00:00Z", "leads", "due")
        #expect(due.stdout.contains("Nothing due"), "\(due.stdout)")
    }

    @Test("a wrong lifecycle configuration lists every mistake with its key and line")
    func configurationMistakes() async throws {
        let workspace = try CLIWorkspace(
            extra: """

                lifecycle:
                  overdueDays: 0
                  holidays: [2026-12-32]
                  workingDays: [mon, tue, funday]
                teams:
                  - name: uk
                    strategy: fastest
                    members: [{ name: Anna, email: not-an-address }]
                assignment:
                  - team: ukk

                """)
        let result = try await workspace.leadmail("leads", "list")
        #expect(result.status != 0)
        for expected in [
            "lifecycle.overdueDays: must be at least 1", "lifecycle.holidays: '2026-12-32' is not a day",
            "lifecycle.workingDays: 'funday' is not a weekday",
            "teams[0].strategy: must be round-robin or least-loaded",
            "teams[0].members[0].email: 'not-an-address' is not an email address",
            "assignment[0].team: 'ukk' is not a team listed under teams; did you mean 'uk'?",
        ] {
            #expect(result.stderr.contains(expected), "\(expected) in \(result.stderr)")
        }
        #expect(result.stderr.contains("leadmail.yml:"))
    }
}
