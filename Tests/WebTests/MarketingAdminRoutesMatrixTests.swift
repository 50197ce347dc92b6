import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// Marketing's and administrators' routes × every role, and without a session and with a wrong CSRF token. The
/// expected answers are written by hand from the standard roles: templates for marketing and administrators,
/// users and the audit list for administrators only.
@Suite("Web: templates, users and audit × role matrix")
struct MarketingAdminRoutesMatrixTests {
    enum Route: String, CaseIterable, Sendable {
        case templates, editor, check, save, which, restore, users, addUser, updateUser, password, audit

        func request(version: String) -> (HTTPRequest.Method, String, [(String, String)]) {
            let file = "web-form.mustache"
            return switch self {
            case .templates: (.get, "/templates", [])
            case .editor: (.get, "/templates/edit?name=\(file)", [])
            case .check: (.post, "/templates/check", [("name", file), ("text", "---\nsubject: x\n---\n{{nme}}\n")])
            case .save:
                (
                    .post, "/templates/edit",
                    [("name", file), ("text", MarketingAdminRoutesMatrixTests.edited), ("do", "save")]
                )
            case .which: (.post, "/templates/which", [("email", MarketingFixture.enquiry())])
            case .restore: (.post, "/templates/restore", [("name", file), ("version", version)])
            case .users: (.get, "/admin/users", [])
            case .addUser:
                (
                    .post, "/admin/users",
                    [
                        ("email", "nia@acme.example"), ("name", "Nia"), ("role", "sales"),
                        ("password", WebFixture.password),
                    ]
                )
            case .updateUser: (.post, "/admin/users/update", [("email", "anna@acme.example"), ("role", "manager")])
            case .password:
                (.post, "/admin/users/password", [("email", "anna@acme.example"), ("password", "a new long password")])
            case .audit: (.get, "/admin/audit", [])
            }
        }

        var isTemplates: Bool { [.templates, .editor, .check, .save, .which, .restore].contains(self) }
        /// The answer when allowed: a page (or JSON), or back to a page after a change.
        var allowedStatus: HTTPResponse.Status {
            switch self {
            case .save, .restore, .addUser, .updateUser, .password: .seeOther
            default: .ok
            }
        }
        var changes: Bool { allowedStatus == .seeOther }
    }

    static let edited = "---\nsubject: \"Thanks, {{firstName}}\"\nsources: [web-form]\n---\nHi {{firstName}}, thanks.\n"

    /// By hand: administrators everything; marketing the templates; managers and sales neither, except that the
    /// password route sets Anna's, the sales user's own, which anyone may.
    static func allowed(_ role: Role, _ route: Route) -> Bool {
        switch role {
        case .admin: true
        case .marketing: route.isTemplates
        case .sales: route == .password
        case .manager: false
        }
    }

    /// What the store and folder look like, to see that a refused request changed nothing.
    struct State: Equatable {
        var text: String
        var versions: Int
        var users: [User]
        var newPasswordWorks: Bool
    }

    static func state(_ fixture: MarketingFixture) async throws -> State {
        State(
            text: try fixture.desk.templateText("web-form.mustache", by: TestUsers.admin),
            versions: try fixture.desk.templateVersions("web-form.mustache", by: TestUsers.admin).count,
            users: try await fixture.desk.users(by: TestUsers.admin),
            newPasswordWorks: (try? await fixture.desk.authenticate(
                email: "anna@acme.example", password: "a new long password")) != nil)
    }

    static func prepared() async throws -> (MarketingFixture, String) {
        let fixture = try await MarketingFixture()
        let text = try fixture.desk.templateText("web-form.mustache", by: TestUsers.admin)
        try fixture.desk.saveTemplate("web-form.mustache", text: text + "\n", by: TestUsers.admin)
        let version = try #require(try fixture.desk.templateVersions("web-form.mustache", by: TestUsers.admin).last)
        return (fixture, version.id)
    }

    static let cases: [(Role, Route)] = Role.allCases.flatMap { role in Route.allCases.map { (role, $0) } }

    @Test("allowed, or 403 with the core's message and nothing changed", arguments: cases)
    func matrix(_ role: Role, _ route: Route) async throws {
        let (fixture, version) = try await Self.prepared()
        let before = try await Self.state(fixture)
        let (method, path, form) = route.request(version: version)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.user(role))
            let response =
                method == .get ? try await browser.get(client, path) : try await browser.post(client, path, form)
            let body = String(buffer: response.body)
            if Self.allowed(role, route) {
                #expect(response.status == route.allowedStatus, "\(body.prefix(400))")
            } else {
                #expect(response.status == .forbidden, "\(body.prefix(400))")
                #expect(body.contains("may not"), "the core's refusal: \(body.prefix(300))")
            }
        }
        let after = try await Self.state(fixture)
        if !(Self.allowed(role, route) && route.changes) { #expect(after == before) } else { #expect(after != before) }
    }

    @Test("without a session every route sends to the sign-in page and changes nothing", arguments: Route.allCases)
    func noSession(_ route: Route) async throws {
        let (fixture, version) = try await Self.prepared()
        let before = try await Self.state(fixture)
        let (method, path, form) = route.request(version: version)
        try await fixture.test { client in
            var browser = Browser()
            let response =
                method == .get ? try await browser.get(client, path) : try await browser.post(client, path, form)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin")
        }
        #expect(try await Self.state(fixture) == before)
    }

    @Test(
        "a wrong CSRF token is refused before any change, even for an administrator",
        arguments: Route.allCases.filter { $0.request(version: "").0 == .post })
    func wrongToken(_ route: Route) async throws {
        let (fixture, version) = try await Self.prepared()
        let before = try await Self.state(fixture)
        let (_, path, form) = route.request(version: version)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.admin)
            let response = try await browser.post(client, path, form, csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body).contains("did not come from LeadMail"))
        }
        #expect(try await Self.state(fixture) == before)
    }

    @Test("the nav offers Templates and Users only to the roles that may use them", arguments: Role.allCases)
    func nav(_ role: Role) async throws {
        let fixture = try await MarketingFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.user(role))
            let html = String(buffer: try await browser.get(client, "/").body)
            #expect(html.contains("href=\"/templates\"") == (role == .admin || role == .marketing))
            #expect(html.contains("href=\"/admin/users\"") == (role == .admin))
        }
    }
}
