import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// Administrators' pages: users added, changed, disabled and given a new password through the forms; the audit
/// list of lead log entries and sign-ins (refused ones too), filtered by person and day, a page at a time.
@Suite("Web: users and the audit list")
struct UserAdminRoutesTests {
    @Test("an administrator adds a user who can then sign in, changes the role, resets the password, disables")
    func manageUsers() async throws {
        let fixture = try await WebFixture()
        let newcomer = User(id: 0, email: "nia@acme.example", name: "Nia <b>New</b>", role: .sales, team: "uk")
        try await fixture.test { client in
            var admin = try await Browser.signedIn(client, as: TestUsers.admin)
            let added = try await admin.post(
                client, "/admin/users",
                [
                    ("email", newcomer.email), ("name", newcomer.name), ("role", "sales"), ("team", "uk"),
                    ("password", WebFixture.password),
                ])
            #expect(added.status == .seeOther)
            let page = String(buffer: try await admin.get(client, "/admin/users").body)
            #expect(page.contains("nia@acme.example"))
            #expect(page.contains("Nia &lt;b&gt;New&lt;/b&gt;"), "a name is text, never markup")
            _ = try await Browser.signedIn(client, as: newcomer)

            let changed = try await admin.post(
                client, "/admin/users/update", [("email", newcomer.email), ("role", "marketing"), ("team", "")])
            #expect(changed.status == .seeOther)
            let reset = try await admin.post(
                client, "/admin/users/password", [("email", newcomer.email), ("password", "another long secret")])
            #expect(reset.status == .seeOther)
            let short = try await admin.post(
                client, "/admin/users/password", [("email", newcomer.email), ("password", "short")])
            #expect(short.status == .badRequest)
            let disabled = try await admin.post(
                client, "/admin/users/update", [("email", newcomer.email), ("disabled", "yes")])
            #expect(disabled.status == .seeOther)
        }
        let users = try await fixture.desk.users(by: TestUsers.admin)
        let nia = try #require(users.first { $0.email == newcomer.email })
        #expect(nia.role == .marketing && nia.team == nil && nia.isDisabled)
        await #expect(throws: AccountError.badPassword) {
            _ = try await fixture.desk.authenticate(email: newcomer.email, password: "another long secret")
        }
    }

    @Test("the last administrator cannot be disabled from the page")
    func lastAdministrator() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var admin = try await Browser.signedIn(client, as: TestUsers.admin)
            let response = try await admin.post(
                client, "/admin/users/update", [("email", TestUsers.admin.email), ("disabled", "yes")])
            #expect(response.status == .badRequest)
        }
        #expect(try await fixture.desk.users(by: TestUsers.admin).first { $0.role == .admin }?.isDisabled == false)
    }

    @Test("the audit list shows sign-ins, refused sign-ins and lead work, by person and day, paged")
    func auditList() async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("jo@brewery.example", owner: "anna@acme.example", team: "uk")
        try await fixture.test { client in
            var stranger = Browser()
            try await stranger.get(client, "/signin")
            try await stranger.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", "<script>wrong</script>")])
            var sales = try await Browser.signedIn(client, as: TestUsers.sales)
            try await sales.post(client, "/leads/\(lead)/note", [("text", "Called <b>twice</b>")])
            var admin = try await Browser.signedIn(client, as: TestUsers.admin)
            let html = String(buffer: try await admin.get(client, "/admin/audit").body)
            #expect(html.contains("<tr class=\"failed-sign-in\">"), "\(html)")
            #expect(html.contains("<tr class=\"sign-in\">"))
            #expect(html.contains("Called &lt;b&gt;twice&lt;/b&gt;"))
            #expect(!html.contains("wrong"), "a password typed is never kept")
            let anna = String(buffer: try await admin.get(client, "/admin/audit?person=ANNA@acme.example").body)
            #expect(anna.contains("Called"))
            #expect(!anna.contains("root@acme.example</td>"), "only Anna's lines")
            let later = String(buffer: try await admin.get(client, "/admin/audit?from=2030-01-01").body)
            #expect(later.contains("Nothing recorded"))
            let bad = try await admin.get(client, "/admin/audit?from=yesterday")
            #expect(bad.status == .badRequest)
        }
        for index in 0..<60 {
            try await fixture.desk.addNote(lead, text: "note \(index)", by: TestUsers.admin)
        }
        try await fixture.test { client in
            var admin = try await Browser.signedIn(client, as: TestUsers.admin)
            let first = String(buffer: try await admin.get(client, "/admin/audit?person=root@acme.example").body)
            #expect(first.contains("note 59") && !first.contains("note 9<"), "newest first, 50 a page")
            #expect(
                first.contains("href=\"/admin/audit?person=root%40acme.example&amp;page=2\""), "\(first.suffix(800))")
            let second = String(
                buffer: try await admin.get(client, "/admin/audit?person=root@acme.example&page=2").body)
            #expect(second.contains("note 0<") && !second.contains("note 59"))
        }
    }
}
