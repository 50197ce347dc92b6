import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import Leads
import TestSupport
import Testing
import Web

@Suite("Web: signing in and out, cookies, CSRF, throttling, security headers")
struct SignInTests {
    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie and lands on My work")
    func signInCookie() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            try await browser.get(client, "/signin")
            let response = try await browser.post(
                client, "/signin", [("email", "Anna@ACME.example"), ("password", WebFixture.password)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(
                response.headers[values: .setCookie].first { $0.hasPrefix("leadmail_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"), "plain http base URL: a Secure cookie would never come back")
            let work = try await browser.get(client, "/")
            #expect(work.status == .ok)
            #expect(String(buffer: work.body).contains("My work"))
        }
    }

    @Test("the session cookie is Secure when the base URL is https")
    func secureCookie() async throws {
        let fixture = try await WebFixture(baseURL: "https://leads.acme.example")
        try await fixture.test { client in
            var browser = Browser()
            try await browser.get(client, "/signin")
            let response = try await browser.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", WebFixture.password)])
            let cookie = try #require(
                response.headers[values: .setCookie].first { $0.hasPrefix("leadmail_session=") })
            #expect(cookie.contains("; Secure"))
        }
    }

    @Test("the store keeps no session token, only a hash of its secret half")
    func noTokenStored() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let token = try #require(browser.cookies["leadmail_session"])
            let secret = String(try #require(token.split(separator: ".").last))
            let bytes =
                try Data(contentsOf: URL(fileURLWithPath: fixture.temporary.store.path))
                + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.temporary.store.path + "-wal"))) ?? Data())
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
        }
    }

    @Test("a wrong password is refused with the core's words; no cookie")
    func wrongPassword() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            try await browser.get(client, "/signin")
            let response = try await browser.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", "wrong password!")])
            #expect(response.status == .unauthorized)
            #expect(String(buffer: response.body).contains("That email and password do not match"))
            #expect(browser.cookies["leadmail_session"] == nil)
        }
    }

    @Test("after five failures the account is refused even with the right password; other accounts are not")
    func throttledPerAccount() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            for _ in 0..<5 {
                try await browser.get(client, "/signin")
                try await browser.post(
                    client, "/signin", [("email", "anna@acme.example"), ("password", "nope-nope-nope")])
            }
            try await browser.get(client, "/signin")
            let refused = try await browser.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", WebFixture.password)])
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body).contains("Too many failed sign-ins"))
            #expect(browser.cookies["leadmail_session"] == nil)
            _ = try await Browser.signedIn(client, as: TestUsers.manager)
        }
    }

    @Test("failures from one address across accounts are throttled too")
    func throttledPerAddress() async throws {
        let fixture = try await WebFixture(throttle: .init(perAccount: 100, perAddress: 3))
        try await fixture.test { client in
            var browser = Browser()
            for user in ["a@acme.example", "b@acme.example", "c@acme.example"] {
                try await browser.get(client, "/signin")
                try await browser.post(client, "/signin", [("email", user), ("password", "nope-nope-nope")])
            }
            try await browser.get(client, "/signin")
            let refused = try await browser.post(
                client, "/signin", [("email", "mary@acme.example"), ("password", WebFixture.password)])
            #expect(refused.status == .tooManyRequests)
        }
    }

    @Test("the sign-in form needs its own CSRF token (no login CSRF)")
    func signInCSRF() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            try await browser.get(client, "/signin")
            let response = try await browser.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", WebFixture.password)],
                csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(browser.cookies["leadmail_session"] == nil)
        }
    }

    @Test("opening the sign-in page again (another tab, a redirected favicon) keeps the first form valid")
    func signInPageTwice() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser()
            try await browser.get(client, "/signin")
            let first = try #require(browser.csrf)
            try await browser.get(client, "/favicon.ico")
            try await browser.get(client, "/signin")
            let response = try await browser.post(
                client, "/signin", [("email", "anna@acme.example"), ("password", WebFixture.password)], csrf: first)
            #expect(response.status == .seeOther)
            #expect(browser.cookies["leadmail_session"] != nil)
        }
    }

    @Test("signing out ends this session; signing out everywhere ends the others")
    func signOut() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var laptop = try await Browser.signedIn(client, as: TestUsers.sales)
            var phone = try await Browser.signedIn(client, as: TestUsers.sales)
            var desktop = try await Browser.signedIn(client, as: TestUsers.sales)
            let stolen = laptop.cookies
            let out = try await laptop.post(client, "/signout", [])
            #expect(out.status == .seeOther)
            var thief = Browser(cookies: stolen)
            #expect(try await thief.get(client, "/").status == .seeOther, "a signed-out token must not work")
            #expect(try await phone.get(client, "/").status == .ok)
            let everywhere = try await phone.post(client, "/signout-everywhere", [])
            #expect(everywhere.status == .seeOther)
            let after = try await desktop.get(client, "/")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/signin")
        }
    }

    @Test("a disabled user's session stops working at once")
    func disabledUser() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            _ = try await fixture.desk.updateUser("anna@acme.example", disabled: true, by: TestUsers.admin)
            #expect(try await browser.get(client, "/").status == .seeOther)
        }
    }

    @Test(
        "a forged or malformed session cookie is nobody",
        arguments: [
            "", "x", "a.b", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "'; DROP TABLE users; --",
        ])
    func forgedCookie(_ token: String) async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = Browser(cookies: ["leadmail_session": token])
            let response = try await browser.get(client, "/leads")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin")
        }
    }

    @Test("every response carries the security headers", arguments: ["/signin", "/", "/nowhere", "/static/app.css"])
    func securityHeaders(_ path: String) async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let response = try await browser.get(client, path)
            let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        }
    }
}
