import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// The managers' routes × every role (× own / team / other lead for the mass actions), without a session and
/// with a wrong CSRF token. The expected answers are written out by hand from the standard roles.
@Suite("Web: managers' routes × role matrix")
struct ManagerRoutesMatrixTests {
    typealias Whose = RouteMatrixTests.Whose

    /// The pages: who may open them, by hand.
    enum Page: String, CaseIterable, Sendable {
        case dashboard, dashboardCSV, reports, reportsCSV, team

        var path: String {
            switch self {
            case .dashboard: "/dashboard"
            case .dashboardCSV: "/dashboard.csv?chart=funnel"
            case .reports: "/reports"
            case .reportsCSV: "/reports.csv"
            case .team: "/team"
            }
        }

        func allowed(_ role: Role) -> Bool {
            switch self {
            case .dashboard, .dashboardCSV, .team: role == .admin || role == .manager
            case .reports, .reportsCSV: role != .sales
            }
        }
    }

    @Test(
        "a page is shown to the roles with its right, 403 with the core's words to the others",
        arguments: Page.allCases.flatMap { page in Role.allCases.map { (page, $0) } })
    func pages(_ page: Page, _ role: Role) async throws {
        let fixture = try await WebFixture()
        try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.user(role))
            let response = try await browser.get(client, page.path)
            if page.allowed(role) {
                #expect(response.status == .ok)
            } else {
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("may not"))
            }
        }
    }

    /// The mass actions on one lead.
    enum Mass: String, CaseIterable, Sendable {
        case assign, tag, untag, status, export, delete

        var form: [(String, String)] {
            switch self {
            case .assign: [("do", "assign"), ("person", "anna@acme.example")]
            case .tag: [("do", "tag"), ("tags", "brewery")]
            case .untag: [("do", "untag"), ("tags", "expo")]
            case .status: [("do", "status"), ("status", "qualified")]
            case .export: [("do", "export")]
            case .delete: [("do", "delete"), ("confirm", "yes")]
            }
        }

        /// Whether the role has the action's right at all.
        func hasRight(_ role: Role) -> Bool {
            switch role {
            case .admin: true
            case .manager: true
            case .sales: self != .export && self != .delete
            case .marketing: false
            }
        }

        /// Whether the role reaches the lead: admin every lead, manager (uk) the uk team's, sales only their own.
        static func reaches(_ role: Role, _ whose: Whose) -> Bool {
            switch role {
            case .admin, .marketing: true
            case .manager: whose != .other
            case .sales: whose == .own
            }
        }
    }

    @Test(
        "a mass action: done where allowed, refused per lead out of reach, 403 without the right",
        arguments: Role.allCases.flatMap { role in
            Mass.allCases.flatMap { mass in Whose.allCases.map { (role, mass, $0) } }
        })
    func mass(_ role: Role, _ mass: Mass, _ whose: Whose) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead(
            "buyer-\(whose)@brewery.example", owner: whose.owner, team: whose.team, name: "Matrix Buyer")
        _ = try await fixture.desk.tag(lead, with: ["expo"], by: TestUsers.admin)
        let before = try await fixture.desk.lead(lead, by: TestUsers.admin)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.user(role))
            let response = try await browser.post(client, "/leads/mass", [("lead", String(lead))] + mass.form)
            let body = String(buffer: response.body)
            guard mass.hasRight(role) else {
                #expect(response.status == .forbidden, "\(body.prefix(300))")
                #expect(body.contains("may not"))
                return
            }
            #expect(response.status == .ok)
            if mass == .export {
                #expect(body.contains("Matrix Buyer") == Mass.reaches(role, whose))
            } else if Mass.reaches(role, whose) {
                #expect(body.contains("1 done, 0 refused"), "\(body.prefix(600))")
            } else {
                #expect(body.contains("0 done, 1 refused") && body.contains("may not"), "\(body.prefix(600))")
            }
        }
        let changed = mass != .export && mass.hasRight(role) && Mass.reaches(role, whose)
        if mass == .delete {
            let gone = (try? await fixture.desk.lead(lead, by: TestUsers.admin)) == nil
            #expect(gone == changed)
        } else {
            let after = try await fixture.desk.lead(lead, by: TestUsers.admin)
            #expect((after.events != before.events) == changed)
        }
    }

    @Test(
        "without a session every managers' route sends to the sign-in page",
        arguments: Page.allCases.map(\.path) + ["POST /leads/mass", "POST /team/reassign"])
    func noSession(_ route: String) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        try await fixture.test { client in
            var browser = Browser()
            let response =
                route.hasPrefix("POST ")
                ? try await browser.post(
                    client, String(route.dropFirst(5)),
                    [
                        ("lead", String(lead)), ("do", "delete"), ("confirm", "yes"), ("from", "anna@acme.example"),
                        ("person", "ben@acme.example"),
                    ])
                : try await browser.get(client, route)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin")
        }
        #expect(try await fixture.desk.lead(lead, by: TestUsers.admin).lifecycle.owner == "anna@acme.example")
    }

    @Test(
        "a wrong or missing CSRF token is refused (403) and changes nothing",
        arguments: ["/leads/mass", "/team/reassign"])
    func wrongCSRF(_ path: String) async throws {
        let fixture = try await WebFixture()
        let lead = try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", team: "uk")
        _ = try await fixture.desk.addTask(lead, kind: .call, due: "2026-12-21", by: TestUsers.admin)
        let form = [
            ("lead", String(lead)), ("do", "assign"), ("person", "ben@acme.example"), ("from", "anna@acme.example"),
        ]
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.admin)
            var other = try await Browser.signedIn(client, as: TestUsers.manager)
            let othersToken = try #require(other.csrf)
            for token in ["", "wrong", othersToken, String(try #require(browser.csrf).dropLast())] {
                #expect(try await browser.post(client, path, form, csrf: token).status == .forbidden, "token \(token)")
            }
            _ = try await other.get(client, "/")
        }
        #expect(try await fixture.desk.lead(lead, by: TestUsers.admin).lifecycle.owner == "anna@acme.example")
    }
}
