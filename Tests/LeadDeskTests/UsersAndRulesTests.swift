import Foundation
import LeadDesk
import LeadStore
import Leads
import Templates
import Testing

@Suite("Users in the store, signing in, and one rule for human contact")
struct UsersAndRulesTests {
    @Test("users are added by an administrator; the password is kept as a bcrypt hash and checked on sign-in")
    func addAndSignIn() async throws {
        let fixture = try DeskFixture()
        let implicit = User.implicitAdministrator(login: "operator")
        let added = try await fixture.desk.addUser(
            email: "Anna@Acme.example", name: "Anna Baker", role: .sales, team: "uk",
            password: "correct horse battery", by: implicit)
        #expect(added.email == "anna@acme.example")
        #expect(added.id > 0)
        let stored = try #require(try fixture.store.credentials(email: "anna@acme.example"))
        #expect(stored.passwordHash.hasPrefix("$2"))
        #expect(!stored.passwordHash.contains("correct horse"))

        let signedIn = try await fixture.desk.authenticate(
            email: "ANNA@acme.example", password: "correct horse battery")
        #expect(signedIn == added)
        await #expect(throws: AccountError.badPassword) {
            _ = try await fixture.desk.authenticate(email: "anna@acme.example", password: "wrong horse battery")
        }
        await #expect(throws: AccountError.badPassword) {
            _ = try await fixture.desk.authenticate(email: "nobody@acme.example", password: "correct horse battery")
        }
        await #expect(throws: UserStoreError.exists("anna@acme.example")) {
            _ = try await fixture.desk.addUser(
                email: "anna@acme.example", name: "Anna", role: .sales, team: nil, password: "0123456789",
                by: implicit)
        }
    }

    @Test("only the users right manages users; short passwords, unknown teams and the last admin are refused")
    func managingUsers() async throws {
        let fixture = try DeskFixture()
        let root = try await fixture.desk.addUser(
            email: "root@acme.example", name: "Rosa Root", role: .admin, team: nil, password: "long enough pw",
            by: .implicitAdministrator(login: "operator"))
        let anna = try await fixture.desk.addUser(
            email: "anna@acme.example", name: "Anna Baker", role: .sales, team: "uk", password: "long enough pw",
            by: root)
        let denied = await #expect(throws: PermissionDenied.self) {
            _ = try await fixture.desk.addUser(
                email: "eve@acme.example", name: "Eve", role: .admin, team: nil, password: "long enough pw", by: anna)
        }
        #expect(denied?.right == .users)
        await #expect(throws: AccountError.weakPassword(minimum: LeadDesk.minimumPasswordLength)) {
            _ = try await fixture.desk.addUser(
                email: "ben@acme.example", name: "Ben", role: .sales, team: "uk", password: "short", by: root)
        }
        await #expect(throws: AccountError.unknownTeam("france", known: ["uk", "dach"])) {
            _ = try await fixture.desk.addUser(
                email: "ben@acme.example", name: "Ben", role: .sales, team: "france", password: "long enough pw",
                by: root)
        }
        await #expect(throws: AccountError.lastAdministrator("root@acme.example")) {
            _ = try await fixture.desk.updateUser("root@acme.example", disabled: true, by: root)
        }
        // Anna may change her own password, not someone else's.
        try await fixture.desk.setPassword("a new long password", for: "anna@acme.example", by: anna)
        _ = try await fixture.desk.authenticate(email: "anna@acme.example", password: "a new long password")
        await #expect(throws: PermissionDenied.self) {
            try await fixture.desk.setPassword("hijacked password", for: "root@acme.example", by: anna)
        }
        let disabled = try await fixture.desk.updateUser("anna@acme.example", disabled: true, by: root)
        #expect(disabled.isDisabled)
        await #expect(throws: AccountError.badPassword) {
            _ = try await fixture.desk.authenticate(email: "anna@acme.example", password: "a new long password")
        }
        await #expect(throws: AccountError.disabled("anna@acme.example")) {
            _ = try await fixture.desk.actor(as: "anna@acme.example", login: "anna")
        }
    }

    @Test("the shell's actor: --as, the login mapped to a user, or the implicit administrator while none exist")
    func actorFromLogin() async throws {
        let fixture = try DeskFixture()
        let implicit = try await fixture.desk.actor(as: nil, login: "deploy")
        #expect(implicit.role == .admin)
        #expect(implicit.actorName == "deploy")
        _ = try await fixture.desk.addUser(
            email: "anna@acme.example", name: "Anna Baker", role: .sales, team: "uk", password: "long enough pw",
            by: implicit)
        #expect(try await fixture.desk.actor(as: nil, login: "anna").email == "anna@acme.example")
        #expect(try await fixture.desk.actor(as: "ANNA@acme.example", login: "deploy").email == "anna@acme.example")
        await #expect(throws: AccountError.unknownLogin("deploy")) {
            _ = try await fixture.desk.actor(as: nil, login: "deploy")
        }
    }

    @Test("human contact is one rule: a logged call and the follow-up call task done both move a new lead on")
    func humanContactIsOneRule() async throws {
        let fixture = try DeskFixture()
        let byCall = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let byTask = try fixture.lead("omar@saltmarsh.example", owner: "anna@acme.example", team: "uk")
        try await fixture.desk.addNote(byCall, text: "Spoke to Jane", isCall: true, by: DeskFixture.sales)
        let task = try await fixture.desk.addTask(byTask, kind: .call, due: "2026-12-29", by: DeskFixture.sales)
        _ = try await fixture.desk.completeTask(task.id, by: DeskFixture.sales)
        for lead in [byCall, byTask] {
            let detail = try await fixture.desk.lead(lead, by: DeskFixture.sales)
            #expect(detail.lead.status == .contacted)
            #expect(detail.events.contains { $0.kind == .status && $0.by == "anna@acme.example" })
        }
        // An email task done is not a conversation: the lead stays new.
        let byMail = try fixture.lead("li@harbour.example", owner: "anna@acme.example", team: "uk")
        let mail = try await fixture.desk.addTask(byMail, kind: .email, due: "2026-12-29", by: DeskFixture.sales)
        _ = try await fixture.desk.completeTask(mail.id, by: DeskFixture.sales)
        #expect(try await fixture.desk.lead(byMail, by: DeskFixture.sales).lead.status == .new)
    }

    @Test("tags are case-insensitive: added once whatever the case, taken off in any case, each change logged")
    func tagsIgnoreCase() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        #expect(
            try await fixture.desk.tag(lead, with: ["Brewery", "expo-2026"], by: DeskFixture.sales).sorted()
                == ["Brewery", "expo-2026"])
        #expect(try await fixture.desk.tag(lead, with: ["brewery"], by: DeskFixture.sales).count == 2)
        #expect(try await fixture.desk.untag(lead, ["BREWERY", "not there"], by: DeskFixture.sales) == ["expo-2026"])
        let texts = try fixture.store.events(leadID: lead).filter { $0.kind == .tag }.map(\.text)
        #expect(texts == ["tagged 'Brewery'", "tagged 'expo-2026'", "untagged 'BREWERY'"])
    }

    @Test("deleting a lead takes its log, tasks, tags and unsent replies with it; the contact's other leads stay")
    func deleteLead() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "mary@acme.example", team: "uk")
        let other = try fixture.lead("omar@saltmarsh.example", owner: nil, team: nil)
        _ = try await fixture.desk.tag(lead, with: ["spam"], by: DeskFixture.manager)
        _ = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-29", by: DeskFixture.manager)
        let gone = try await fixture.desk.delete(lead, by: DeskFixture.manager)
        #expect(gone.email == "jane@brightwater.example")
        #expect(try fixture.store.lead(id: lead) == nil)
        #expect(try fixture.store.tasks(leadID: lead).isEmpty)
        #expect(try fixture.store.communications(leadID: lead).isEmpty)
        #expect(try fixture.store.lead(id: other) != nil)
        #expect(try await fixture.desk.leads(LeadSearch(text: "jane"), by: DeskFixture.admin).isEmpty)
        await #expect(throws: LifecycleError.unknownLead(lead)) {
            _ = try await fixture.desk.delete(lead, by: DeskFixture.admin)
        }
    }

    @Test("contact details are corrected with before and after in the log; line breaks never stay in a field")
    func editContact() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        try await fixture.desk.editContact(
            lead, .init(name: "Jane Okafor-Smith", phone: "", company: "Brightwater\r\nBcc: x@evil.example"),
            by: DeskFixture.sales)
        let detail = try await fixture.desk.lead(lead, by: DeskFixture.sales)
        #expect(detail.lead.name == "Jane Okafor-Smith")
        #expect(detail.lead.phone == nil)
        #expect(detail.lead.company == "Brightwater Bcc: x@evil.example")
        let entry = try #require(detail.events.last)
        #expect(entry.kind == .contact)
        #expect(entry.by == "anna@acme.example")
        #expect(entry.text.contains("name 'Jane' → 'Jane Okafor-Smith'"))
        #expect(entry.text.contains("phone '+44 161 496 0753' → —"))
        await #expect(throws: PermissionDenied.self) {
            try await fixture.desk.editContact(lead, .init(name: "Mallory"), by: DeskFixture.marketing)
        }
    }

    @Test("a rejected lead is reopened: new, reason cleared, a follow-up set; other statuses are refused")
    func reopenRejected() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        await #expect(throws: LifecycleError.notRejected(lead, .new)) {
            try await fixture.desk.reopen(lead, reason: "came back", by: DeskFixture.sales)
        }
        _ = try await fixture.desk.changeStatus(
            lead, to: StatusChange(status: .rejected, reason: "no budget"), by: DeskFixture.sales)
        try await fixture.desk.reopen(lead, reason: "budget approved in January", by: DeskFixture.sales)
        let detail = try await fixture.desk.lead(lead, by: DeskFixture.sales)
        #expect(detail.lead.status == .new)
        #expect(detail.lifecycle.rejectReason == nil)
        #expect(detail.tasks.contains { $0.isOpen && $0.isFollowUp })
        #expect(detail.events.contains { $0.text == "reopened: budget approved in January" })
    }

    @Test("a task is done with a note, and opened again with why")
    func taskNotes() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let task = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-29", by: DeskFixture.sales)
        _ = try await fixture.desk.completeTask(task.id, note: "left a voicemail", by: DeskFixture.sales)
        try await fixture.desk.reopenTask(task.id, note: "nobody called back", by: DeskFixture.sales)
        let detail = try await fixture.desk.lead(lead, by: DeskFixture.sales)
        #expect(detail.tasks.first { $0.id == task.id }?.isOpen == true)
        let texts = detail.events.map(\.text)
        #expect(texts.contains("task \(task.id): left a voicemail"))
        #expect(texts.contains("task \(task.id) reopened"))
        #expect(texts.contains("task \(task.id): nobody called back"))
        await #expect(throws: LifecycleError.unknownTask(task.id)) {
            try await fixture.desk.reopenTask(task.id, by: DeskFixture.sales)
        }
    }

    @Test(
        "a letter to the lead is queued from the sales address with the writer's name, threaded, logged, one line a header"
    )
    func writeToLead() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let letter = Letter(
            subject: "Your quote\r\nBcc: everyone@evil.example", text: "Dear Jane,\n\nthe quote is attached.\n")
        let queued = try await fixture.desk.write(letter, to: lead, by: DeskFixture.sales)
        #expect(queued.mail.recipients == ["jane@brightwater.example"])
        #expect(queued.mail.kind == .personal)
        let raw = String(decoding: queued.mail.raw, as: UTF8.self)
        let headers = raw.components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("From: \"Anna Baker, Acme Sensors\" <sales@acme.example>"))
        #expect(headers.contains("Subject: Your quote Bcc: everyone@evil.example [#L\(lead)]"))
        #expect(!headers.contains("\r\nBcc:"))
        #expect(headers.contains("In-Reply-To: <"))
        #expect(!headers.contains("Auto-Submitted"))
        let detail = try await fixture.desk.lead(lead, by: DeskFixture.sales)
        let logged = try #require(detail.communications.last)
        #expect(
            logged.direction == .outbound && logged.kind == .personal && logged.text.contains("the quote is attached"))
        #expect(detail.lead.status == .contacted)
        #expect(detail.events.contains { $0.by == "anna@acme.example" && $0.text.hasPrefix("wrote to jane@") })
        await #expect(throws: PermissionDenied.self) {
            _ = try await fixture.desk.write(letter, to: lead, by: DeskFixture.marketing)
        }
        await #expect(throws: LetterError.empty) {
            _ = try await fixture.desk.write(Letter(subject: " ", text: "hi"), to: lead, by: DeskFixture.sales)
        }
    }

    @Test("nurture needs a day from today on: a day that has passed is refused and nothing changes")
    func nurtureInThePast() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        await #expect(throws: LifecycleError.nurtureInThePast("2026-12-01")) {
            _ = try await fixture.desk.changeStatus(
                lead, to: StatusChange(status: .nurture, until: "2026-12-01"), by: DeskFixture.sales)
        }
        #expect(try await fixture.desk.lead(lead, by: DeskFixture.sales).lead.status == .new)
        _ = try await fixture.desk.changeStatus(
            lead, to: StatusChange(status: .nurture, until: "2027-03-01"), by: DeskFixture.sales)
        #expect(try await fixture.desk.lead(lead, by: DeskFixture.sales).lifecycle.nurtureUntil == "2027-03-01")
    }

    @Test("the outbox is the operator's: only the outbox right lists, cancels or retries, and the log names who did")
    func outboxIsTheOperators() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let queued = try await fixture.desk.write(
            Letter(subject: "Your quote", text: "Dear Jane,\n\nthe quote follows.\n"), to: lead,
            by: DeskFixture.sales)
        for role in [Role.manager, .sales, .marketing] {
            let denied = await #expect(throws: PermissionDenied.self) {
                _ = try await fixture.desk.cancelOutbox(queued.id, by: DeskFixture.user(role))
            }
            #expect(denied?.right == .outbox, "\(role) may not handle the outbox")
            await #expect(throws: PermissionDenied.self) {
                _ = try await fixture.desk.outbox(includeSent: false, by: DeskFixture.user(role))
            }
        }
        let waiting = try await fixture.desk.outbox(includeSent: false, by: DeskFixture.admin)
        #expect(waiting.map(\.item.id) == [queued.id])

        #expect(try await fixture.desk.cancelOutbox(queued.id, by: DeskFixture.admin))
        #expect(try await fixture.desk.cancelOutbox(queued.id, by: DeskFixture.admin) == false, "already cancelled")
        let row = try #require(try await fixture.desk.outboxRow(queued.id, by: DeskFixture.admin))
        #expect(row.entry.outcome == .cancelled)
        #expect(row.attempts.last?.reply?.contains(DeskFixture.admin.actorName) == true)
        let logged = try #require(try await fixture.desk.lead(lead, by: DeskFixture.sales).communications.last)
        #expect(logged.detail?.contains("cancelled by \(DeskFixture.admin.actorName)") == true)

        #expect(
            try await fixture.desk.retryOutbox(queued.id, confirmed: false, by: DeskFixture.admin)
                == .needsConfirmation(.cancelled))
        #expect(try await fixture.desk.retryOutbox(nil, confirmed: false, by: DeskFixture.admin) == .requeued(0))
        #expect(try await fixture.desk.retryOutbox(queued.id, confirmed: true, by: DeskFixture.admin) == .requeued(1))
        #expect(try await fixture.desk.retryOutbox(9_999, confirmed: true, by: DeskFixture.admin) == .notWaiting)
        #expect(try await fixture.desk.outboxRow(9_999, by: DeskFixture.admin) == nil)
    }

    @Test("templates are marketing's: only the templates right reads, checks, saves or restores, and saves name who")
    func templatesAreMarketings() async throws {
        let fixture = try DeskFixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-templates-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder + "/partials", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = "---\nsubject: \"Re: {{enquirySubject}}\"\n---\nHello {{firstName}},\n\nthank you.\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/default.mustache"))
        let desk = LeadDesk(
            records: fixture.desk.records, workflow: fixture.desk.workflow, clock: Date.init,
            passwordCost: 4, templateFolder: folder)
        for role in [Role.manager, .sales] {
            #expect(throws: PermissionDenied.self) {
                try desk.saveTemplate("default.mustache", text: text + "P.S.\n", by: DeskFixture.user(role))
            }
            #expect(throws: PermissionDenied.self) { _ = try desk.templateFiles(by: DeskFixture.user(role)) }
        }
        #expect(try desk.templateFiles(by: DeskFixture.marketing).map { $0.name } == ["default.mustache"])
        #expect(try desk.checkTemplate("default.mustache", text: "{{#x}}", by: DeskFixture.marketing).count > 0)
        try desk.saveTemplate("default.mustache", text: text + "P.S. Soon.\n", by: DeskFixture.marketing)
        let versions = try desk.templateVersions("default.mustache", by: DeskFixture.marketing)
        #expect(versions.first?.savedBy == DeskFixture.marketing.actorName)
        try desk.restoreTemplate("default.mustache", version: try #require(versions.last).id, by: DeskFixture.admin)
        #expect(try desk.templateText("default.mustache", by: DeskFixture.marketing) == text)
        #expect(throws: TemplateEditError.self) {
            _ = try fixture.desk.templateFiles(by: DeskFixture.marketing)
        }
    }
}
