import Foundation
import TestSupport
import Testing

/// The gaps of the lifecycle closed through the command line on a real SQLite file, with LEADMAIL_NOW as clock:
/// reminder days that come back as tasks, the owner's own new mail to a lead, and reports by tag.
@Suite("Reminders, the owner's own mail and reports by tag, through the command line", .serialized)
struct LeadRemindersCLITests {
    let christmasEve = "2026-12-24T09:00:00Z"

    /// Anna owns L1 with its follow-up done, so nothing else is due or overdue.
    func workspaceWithLead() async throws -> CLIWorkspace {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        let ingest = try await workspace.leadmail(at: christmasEve, "ingest", eml)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let done = try await workspace.leadmail(at: christmasEve, "leads", "done", "1")
        #expect(done.status == 0, "\(done.stderr)")
        return workspace
    }

    func show(_ workspace: CLIWorkspace, at now: String) async throws -> [String: Any] {
        try #require(
            try workspace.json(await workspace.leadmail(at: now, "leads", "show", "1", "--json"))
                as? [String: Any])
    }

    @Test(
        "on its day a nurtured lead, or a reminder, comes back as the owner's task: due list, digest, log",
        arguments: [
            (["leads", "status", "1", "nurture", "--until", "2027-01-05"], "back from nurture (until 2027-01-05)"),
            (["leads", "remind", "1", "2027-01-05"], "reminder day 2027-01-05 has come"),
        ])
    func reminderComesBack(command: [String], logged: String) async throws {
        let workspace = try await workspaceWithLead()
        let set = try await LeadMailBinary.run(
            command + ["--config", workspace.config], in: workspace.directory.path,
            environment: ["LEADMAIL_NOW": christmasEve, "USER": "tester"])
        #expect(set.status == 0, "\(set.stderr)")

        let monday = "2027-01-04T09:30:00Z"
        #expect(try await workspace.leadmail(at: monday, "run", "--once").status == 0)
        #expect(
            try await workspace.leadmail(at: monday, "leads", "due", "--owner", "anna").stdout
                .contains("Nothing due"))
        #expect(try workspace.sentMails().allSatisfy { !$0.contains("Subject: Your leads today") })

        let tuesday = "2027-01-05T09:30:00Z"
        let run = try await workspace.leadmail(at: tuesday, "run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let due = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: tuesday, "leads", "due", "--owner", "anna", "--json")) as? [[String: Any]])
        #expect(due.map { $0["due"] as? String } == ["2027-01-05"])
        #expect(due.first?["owner"] as? String == "anna@acme.example")
        #expect(due.first?["followUp"] as? Bool == false)
        let digest = try #require(try workspace.sentMails().first { $0.contains("Subject: Your leads today") })
        #expect(digest.contains("To: anna@acme.example"))
        #expect(digest.contains("Due today (1)") && digest.contains("L1 Jane Okafor"), "\(digest)")
        var lead = try await show(workspace, at: tuesday)
        let texts = try #require(lead["events"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(texts.contains("\(logged): task due 2027-01-05 for anna@acme.example"), "\(texts)")

        // A reminder fires once: the next wake makes no second task.
        #expect(try await workspace.leadmail(at: "2027-01-05T15:00:00Z", "run", "--once").status == 0)
        lead = try await show(workspace, at: "2027-01-05T15:00:00Z")
        let tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.filter { $0["due"] as? String == "2027-01-05" }.count == 1)
        #expect(lead["remindOn"] is NSNull)
    }

    /// A new mail (no In-Reply-To, no lead number) from `sender` to Jane, copied to the shared address.
    func newMail(from sender: String, id: String) -> String {
        """
        From: \(sender)
        To: Jane Okafor <jane@brightwater.example>
        Cc: sales@acme.example
        Subject: Your level sensor quote
        Date: Thu, 24 Dec 2026 11:00:00 +0000
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Dear Jane, here is the quote for the 60 sensors we discussed on the phone.

        """.replacingOccurrences(of: "\n", with: "\r\n")
    }

    @Test("the owner's new mail to the lead, not a reply, completes the follow-up; a colleague's does not")
    func ownersNewMailCompletesFollowUp() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let enquiry = try workspace.write(enquiryMail(), to: "enquiry.eml")
        _ = try await workspace.leadmail(at: christmasEve, "ingest", enquiry)

        let byBen = try workspace.write(
            newMail(from: "Ben Carter <ben@acme.example>", id: "ben-1@acme.example"),
            to: "ben.eml")
        #expect(try await workspace.leadmail(at: "2026-12-24T11:05:00Z", "ingest", byBen).status == 0)
        var lead = try await show(workspace, at: "2026-12-24T11:05:00Z")
        #expect(lead["status"] as? String == "new", "Ben does not own L1")
        #expect((lead["tasks"] as? [[String: Any]])?.first?["doneAt"] is NSNull)

        let byAnna = try workspace.write(
            newMail(from: "Anna Baker <anna@acme.example>", id: "anna-1@acme.example"),
            to: "anna.eml")
        let result = try await workspace.leadmail(at: "2026-12-24T11:10:00Z", "ingest", byAnna)
        #expect(result.status == 0, "\(result.stderr)")
        lead = try await show(workspace, at: "2026-12-24T11:10:00Z")
        #expect(lead["status"] as? String == "contacted")
        let tasks = try #require(lead["tasks"] as? [[String: Any]])
        #expect(tasks.first?["doneAt"] is String)
        let texts = try #require(lead["events"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(texts.contains("follow-up done: anna@acme.example wrote to the lead"), "\(texts)")
        let due = try await workspace.leadmail(at: "2026-12-29T09:00:00Z", "leads", "due")
        #expect(due.stdout.contains("Nothing due"), "\(due.stdout)")
    }

    @Test("report --tag counts only the leads with that tag")
    func reportByTag() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let first = try workspace.write(enquiryMail(), to: "first.eml")
        let second = try workspace.write(
            enquiryMail(
                from: "Omar Haddad <omar@dunefoods.example>", id: "enq-2@dunefoods.example"), to: "second.eml")
        for path in [first, second] {
            #expect(try await workspace.leadmail(at: christmasEve, "ingest", path).status == 0)
        }
        #expect(try await workspace.leadmail(at: christmasEve, "leads", "tag", "2", "expo").status == 0)
        #expect(try await workspace.leadmail(at: christmasEve, "leads", "rate", "2", "B").status == 0)

        let all = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: christmasEve, "report", "--format", "json")) as? [[String: Any]])
        #expect(all.compactMap { $0["leads"] as? Int }.reduce(0, +) == 2)
        let tagged = try #require(
            try workspace.json(
                await workspace.leadmail(
                    at: christmasEve, "report", "--tag", "expo", "--format", "json")) as? [[String: Any]])
        #expect(tagged.compactMap { $0["leads"] as? Int } == [1])
        #expect(tagged.first?["rated"] as? [String: Int] == ["B": 1], "\(tagged)")
        let none = try await workspace.leadmail(at: christmasEve, "report", "--tag", "no such tag")
        #expect(none.stdout.contains("No leads tagged 'no such tag' in that period."), "\(none.stdout)")
    }
}
