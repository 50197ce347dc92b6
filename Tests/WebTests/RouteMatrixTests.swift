import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// Every route × every role × own / team / other lead, and without a session and with a wrong CSRF token.
/// The expected answers are written out by hand from the standard roles, not derived from the policy.
@Suite("Web: route × role matrix")
struct RouteMatrixTests {
    enum Whose: String, CaseIterable, Sendable {
        case own  // Anna's (the sales user)
        case team  // Ben's, in uk
        case other  // Dieter's, in dach

        var owner: String {
            switch self {
            case .own: "anna@acme.example"
            case .team: "ben@acme.example"
            case .other: "dieter@acme.example"
            }
        }

        var team: String { self == .other ? "dach" : "uk" }
    }

    /// Each route on a lead: its method, path and form, and the right it needs.
    enum Route: String, CaseIterable, Sendable {
        case page, note, call, status, rate, tag, untag, task, done, remind, assign, contact, compose, write

        func request(_ lead: Int64, task: Int64) -> (HTTPRequest.Method, String, [(String, String)]) {
            switch self {
            case .page: (.get, "/leads/\(lead)", [])
            case .note: (.post, "/leads/\(lead)/note", [("text", "Asked for a datasheet")])
            case .call: (.post, "/leads/\(lead)/call", [("text", "Spoke to the buyer")])
            case .status: (.post, "/leads/\(lead)/status", [("status", "qualified")])
            case .rate: (.post, "/leads/\(lead)/rate", [("rating", "A")])
            case .tag: (.post, "/leads/\(lead)/tag", [("tags", "brewery, expo")])
            case .untag: (.post, "/leads/\(lead)/untag", [("tag", "expo")])
            case .task: (.post, "/leads/\(lead)/task", [("kind", "meeting"), ("due", "2026-12-28")])
            case .done: (.post, "/tasks/\(task)/done", [("note", "left a message")])
            case .remind: (.post, "/leads/\(lead)/remind", [("day", "2027-01-04")])
            case .assign: (.post, "/leads/\(lead)/assign", [("person", "anna@acme.example")])
            case .contact:
                (.post, "/leads/\(lead)/contact", [("name", "Jo Buyer"), ("phone", ""), ("company", "Brewery")])
            case .compose: (.get, "/leads/\(lead)/write?template=web-form", [])
            case .write:
                (.post, "/leads/\(lead)/write", [("subject", "Your quote"), ("text", "Attached."), ("do", "send")])
            }
        }

        var isView: Bool { self == .page }
        /// A page that shows a form and changes nothing.
        var isGet: Bool { self == .page || self == .compose }
        var isAssign: Bool { self == .assign }
    }

    /// Whether the role may use the route on the lead, by hand: admin everything; manager (uk) the uk team's
    /// leads; sales (uk) only their own; marketing views every lead and changes none.
    static func allowed(_ role: Role, _ route: Route, _ whose: Whose) -> Bool {
        switch role {
        case .admin: true
        case .manager: whose != .other
        case .sales: whose == .own
        case .marketing: route.isView
        }
    }

    static let cases: [(Role, Route, Whose)] = Role.allCases.flatMap { role in
        Route.allCases.flatMap { route in Whose.allCases.map { (role, route, $0) } }
    }

    @Test("allowed, or 403 with the core's message and nothing changed", arguments: cases)
    func matrix(_ role: Role, _ route: Route, _ whose: Whose) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer-\(whose)@brewery.example", owner: whose.owner, team: whose.team)
        _ = try await fixture.desk.tag(lead, with: ["expo"], by: TestUsers.admin)
        let task = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-24", by: TestUsers.admin).id
        let before = try await fixture.desk.lead(lead, by: TestUsers.admin)
        let user = TestUsers.user(role)
        let (method, path, form) = route.request(lead, task: task)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: user)
            let response =
                method == .get ? try await browser.get(client, path) : try await browser.post(client, path, form)
            let body = String(buffer: response.body)
            let after = try await fixture.desk.lead(lead, by: TestUsers.admin)
            if Self.allowed(role, route, whose) {
                #expect(response.status == (route.isGet ? .ok : .seeOther), "\(body.prefix(400))")
                if !route.isGet { #expect(after.events.count > before.events.count || after.tasks != before.tasks) }
            } else {
                #expect(response.status == .forbidden)
                #expect(body.contains("may not"), "the core's refusal: \(body.prefix(300))")
                #expect(after.events == before.events && after.tasks == before.tasks && after.lead == before.lead)
            }
        }
    }

    @Test("what a role may not do is not offered on the lead page", arguments: Role.allCases)
    func formsFollowRights(_ role: Role) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.user(role))
            let html = String(buffer: try await browser.get(client, "/leads/\(lead)").body)
            let edits = html.contains("action=\"/leads/\(lead)/note\"")
            let assigns = html.contains("action=\"/leads/\(lead)/assign\"")
            #expect(edits == (role != .marketing))
            #expect(assigns == (role != .marketing))
            #expect(html.contains("action=\"/leads/\(lead)/write\"") == (role != .marketing))
            let board = String(buffer: try await browser.get(client, "/pipeline").body)
            #expect(board.contains("action=\"/leads/\(lead)/status\"") == (role != .marketing))
        }
    }

    @Test("without a session every route sends to the sign-in page and changes nothing", arguments: Route.allCases)
    func noSession(_ route: Route) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        let task = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-24", by: TestUsers.admin).id
        let before = try await fixture.desk.lead(lead, by: TestUsers.admin)
        let (method, path, form) = route.request(lead, task: task)
        try await fixture.test { client in
            var browser = Browser()
            let response =
                method == .get ? try await browser.get(client, path) : try await browser.post(client, path, form)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin")
            for other in ["/", "/leads", "/pipeline"] {
                #expect(try await browser.get(client, other).headers[.location] == "/signin")
            }
        }
        let after = try await fixture.desk.lead(lead, by: TestUsers.admin)
        #expect(after.events == before.events && after.tasks == before.tasks)
    }

    @Test(
        "a wrong or missing CSRF token is refused (403) and changes nothing",
        arguments: Route.allCases.filter { !$0.isGet })
    func wrongCSRF(_ route: Route) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        let task = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-24", by: TestUsers.admin).id
        let before = try await fixture.desk.lead(lead, by: TestUsers.admin)
        let (_, path, form) = route.request(lead, task: task)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.admin)
            var other = try await Browser.signedIn(client, as: TestUsers.sales)
            let othersToken = try #require(other.csrf)
            for token in ["", "wrong", othersToken, String(try #require(browser.csrf).dropLast())] {
                let response = try await browser.post(client, path, form, csrf: token)
                #expect(response.status == .forbidden, "token \(token)")
            }
            _ = try await other.get(client, "/")
        }
        let after = try await fixture.desk.lead(lead, by: TestUsers.admin)
        #expect(after.events == before.events && after.tasks == before.tasks)
    }
}
