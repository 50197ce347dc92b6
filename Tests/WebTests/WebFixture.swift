import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import MIME
import NIOCore
import Templates
import TestSupport
import Web

/// The workspace over a temporary store with the test users (TestSupport) signed up, each with `password`.
struct WebFixture {
    static let password = "correct horse battery"
    let temporary: TemporaryLeadStore
    let desk: LeadDesk
    let workspace: Workspace

    init(
        baseURL: String = "http://127.0.0.1:8080",
        throttle: LoginThrottle.Limits = LoginThrottle.Limits()
    ) async throws {
        temporary = try TemporaryLeadStore()
        let workflow = LeadWorkflow(
            settings: LifecycleSettings(teams: TestUsers.teams),
            policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), store: temporary.store)
        // The repository's own reply templates, which letters may start from.
        let library = try TemplateLibrary.load(directory: RepositoryPaths.templates)
        let letters = LetterSettings(
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), company: "Acme Sensors",
            companyPhone: "+44 20 7946 0000", templates: { library })
        desk = LeadDesk(
            records: temporary.records, workflow: workflow, letters: letters, clock: { TemporaryLeadStore.now },
            passwordCost: 4)
        let founder = User.implicitAdministrator(login: "setup")
        for role in [Role.admin, .manager, .sales, .marketing] {
            let user = TestUsers.user(role)
            _ = try await desk.addUser(
                email: user.email, name: user.name, role: role, team: user.team, password: Self.password,
                by: founder)
        }
        workspace = try await Workspace(
            desk: desk, options: WebOptions(baseURL: baseURL),
            throttle: LoginThrottle(limits: throttle, clock: { TemporaryLeadStore.now }))
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: workspace.router())
        try await app.test(.router) { client in try await body(client) }
    }

    /// A lead as intake records it, with whatever a stranger wrote in its name, subject and text.
    @discardableResult
    func lead(
        _ email: String, owner: String? = nil, team: String? = "uk", name: String? = nil, subject: String = "Quote",
        text: String = "We need 60 level sensors for the brewery; could you quote?"
    ) throws -> Int64 {
        guard name != nil || subject != "Quote" else {
            return try temporary.capture(email, owner: owner, team: team, text: text)
        }
        let from = name.map { "\($0) <\(email)>" } ?? email
        let message = InboundMessage(
            messageID: "\(UUID().uuidString)@mail.example", fingerprint: Fingerprint.of([email, UUID().uuidString]),
            threadIDs: [], date: TemporaryLeadStore.now, from: from, to: "sales@acme.example", subject: subject,
            text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: name, email: email, company: name), subject: subject, text: text,
                source: "web-form", campaign: "expo-2026"))
        let (outcome, _) = try temporary.store.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
        guard let lead = outcome.lead else { throw WebTestError("\(email) was not recorded") }
        if let owner {
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            update.owner = .init(email: owner, team: team)
            try temporary.store.apply(update, at: TemporaryLeadStore.now)
        }
        return lead.id
    }
}

/// A browser's side of a session: its cookies and the CSRF token of the last page.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf: String?

    var cookieHeader: HTTPFields {
        var headers = HTTPFields()
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        return headers
    }

    mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let cookie = pair.count > 1 ? String(pair[1]) : ""
            if cookie.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = cookie }
        }
        if let token = Self.csrf(in: String(buffer: response.body)) { csrf = token }
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @discardableResult
    mutating func get(_ client: any TestClientProtocol, _ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: cookieHeader, body: nil)
        remember(response)
        return response
    }

    /// Posts a form with this browser's CSRF token unless `csrf` is given.
    @discardableResult
    mutating func post(
        _ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)], csrf: String? = nil
    ) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let allowed = CharacterSet.alphanumerics
        let body = ([("csrf", csrf ?? self.csrf ?? "")] + fields).map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        let response = try await client.execute(
            uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Signs in through the form as a browser would (sign-in page first, for its token and cookie).
    static func signedIn(_ client: any TestClientProtocol, as user: User) async throws -> Browser {
        var browser = Browser()
        try await browser.get(client, "/signin")
        let response = try await browser.post(
            client, "/signin", [("email", user.email), ("password", WebFixture.password)])
        guard response.status == .seeOther, browser.cookies["leadmail_session"] != nil else {
            throw WebTestError("\(user.email) could not sign in: \(response.status)")
        }
        try await browser.get(client, "/")
        return browser
    }
}

/// A test's own setup went wrong; the message says how.
struct WebTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
