import Foundation
import Maildir
import TestSupport
import Testing

/// Users and roles through the command line: the shell only parses and prints; the core decides.
@Suite("leadmail users and acting as a user")
struct UsersCLITests {
    @Test("no users: the login acts as administrator; with users, --as or the login picks one and roles hold")
    func usersAndRoles() async throws {
        let workspace = try CLIWorkspace()
        try workspace.copySamples()
        #expect(try await workspace.leadmail("run", "--once").status == 0)

        // Before any user exists, every command acts as an administrator named after the login.
        let noted = try await workspace.leadmail(login: "ops", "leads", "note", "1", "Called back, no answer")
        #expect(noted.status == 0, "\(noted.stderr)")
        let shown = try await workspace.leadmail(login: "ops", "leads", "show", "1", "--json")
        #expect(shown.stdout.contains("\"by\" : \"ops\""))

        let password = "long enough pw\nlong enough pw\n"
        let root = try await workspace.leadmail(
            login: "ops", input: password, "users", "add", "root@acme.example", "--name", "Rosa Root", "--role", "admin"
        )
        #expect(root.status == 0, "\(root.stderr)")
        #expect(root.stdout.contains("Added Rosa Root <root@acme.example> as admin"))
        let mismatch = try await workspace.leadmail(
            login: "root", input: "long enough pw\nanother one!!\n",
            "users", "add", "mark@acme.example", "--name", "Mark Ting", "--role", "marketing")
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("The two passwords differ"))
        let mark = try await workspace.leadmail(
            login: "root", input: password,
            "users", "add", "mark@acme.example", "--name", "Mark Ting", "--role", "marketing")
        #expect(mark.status == 0, "\(mark.stderr)")

        // Now the login must be a user: `ops` is not one.
        let stranger = try await workspace.leadmail(login: "ops", "leads", "list")
        #expect(stranger.status != 0)
        #expect(stranger.stderr.contains("No LeadMail user goes with the login 'ops'"))

        // Marketing reads leads but may not change them, and may not manage users; nothing is written.
        let read = try await workspace.leadmail(login: "mark", "leads", "show", "1")
        #expect(read.status == 0, "\(read.stderr)")
        let refused = try await workspace.leadmail(
            login: "ops", "leads", "note", "1", "sneaky", "--as", "mark@acme.example")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Mark Ting (marketing) may not change leads"))
        #expect(refused.stderr.contains("'edit' right"))
        let after = try await workspace.leadmail(login: "root", "leads", "show", "1", "--json")
        #expect(!after.stdout.contains("sneaky"))
        let listUsers = try await workspace.leadmail(login: "mark", "users", "list")
        #expect(listUsers.status != 0)
        #expect(listUsers.stderr.contains("may not manage users"))

        // The administrator's actions are logged under their address.
        #expect(try await workspace.leadmail(login: "root", "leads", "rate", "1", "A").status == 0)
        let rated = try await workspace.leadmail(login: "root", "leads", "show", "1", "--json")
        #expect(rated.stdout.contains("\"by\" : \"root@acme.example\""))
        let users = try await workspace.leadmail(login: "root", "users", "list")
        #expect(users.stdout.contains("mark@acme.example"))
        #expect(users.stdout.contains("marketing"))
        #expect(!users.stdout.contains("long enough pw"))
    }
}

/// A person writes to a lead from the command line; the outbox sends it to a real SMTP server.
@Suite("leadmail leads write")
struct LeadsWriteCLITests {
    @Test("the letter is queued, sent by the next run to the lead's address, and logged on the lead")
    func writeAndSend() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try CLIWorkspace(relay: server.url)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        try inbox.deliver(Array(enquiryMail().utf8))
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let autoReplies = try await server.waitForMessages(count: 1)
        let written = try await LeadMailBinary.run(
            ["leads", "write", "1", "--subject", "Your level sensors", "--config", workspace.config],
            input: "Dear Jane,\n\nour quote for 60 sensors follows on Monday.\n\nAnna\n",
            in: workspace.directory.path, environment: ["USER": "anna"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let mails = try await server.waitForMessages(count: autoReplies.count + 1)
        let letter = try #require(mails.last)
        #expect(letter.rcptTos == ["jane@brightwater.example"])
        #expect(letter.header("Subject") == "Your level sensors [#L1]")
        #expect(letter.header("Auto-Submitted") == nil)
        #expect(String(decoding: letter.body, as: UTF8.self).contains("our quote for 60 sensors"))
        let shown = try await workspace.leadmail("leads", "show", "1", "--json")
        #expect(shown.stdout.contains("\"kind\" : \"personal\""))
        #expect(shown.stdout.contains("wrote to jane@brightwater.example: Your level sensors"))
    }
}
