import Foundation
import HTTPTypes
import Hummingbird
import LeadDesk
import Leads

/// Signing in and out: the sign-in form (with a double-submit CSRF cookie of its own), throttled per account
/// and per client address; sign out; sign out everywhere.
struct AuthRoutes {
    let page: WebPage
    let throttle: LoginThrottle
    let cookie: SessionCookie

    func add(to router: Router<WebContext>) {
        router.get("/signin") { request, context in
            if context.session != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return signInForm(email: nil, error: nil, status: .ok, request: request)
        }
        router.post("/signin") { request, context in try await signIn(request, context) }
        router.post("/signout") { request, context in
            if let token = SessionCookie.value(SessionCookie.name, in: request) {
                try await page.desk.signOut(token: token)
            }
            return signedOut
        }
        router.post("/signout-everywhere") { _, context in
            try await page.desk.signOutEverywhere(by: try context.user)
            return signedOut
        }
    }

    private var signedOut: Response {
        var headers = HTTPFields()
        headers[.location] = "/signin"
        headers.append(HTTPField(name: .setCookie, value: cookie.clear(SessionCookie.name)))
        return Response(status: .seeOther, headers: headers)
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let email = context.form["email"] ?? ""
        let password = context.form.raw("password") ?? ""
        let address = context.clientAddress
        if let until = throttle.blockedUntil(account: email, address: address) {
            let minutes = max(1, Int(until.timeIntervalSinceNow / 60 + 1))
            return signInForm(
                email: email,
                error: "Too many failed sign-ins for this account or from this address; try again in \(minutes) "
                    + "minutes, or ask an administrator to reset the password.",
                status: .tooManyRequests, request: request)
        }
        do {
            let (token, _) = try await page.desk.signIn(email: email, password: password, client: address)
            throttle.recordSuccess(account: email)
            var headers = HTTPFields()
            headers[.location] = "/"
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: cookie.set(SessionCookie.name, token, maxAge: Int(LeadDesk.sessionLifetime))))
            headers.append(HTTPField(name: .setCookie, value: cookie.clear(SessionCookie.signInName)))
            return Response(status: .seeOther, headers: headers)
        } catch let error as AccountError {
            throttle.recordFailure(account: email, address: address)
            return signInForm(email: email, error: error.description, status: .unauthorized, request: request)
        }
    }

    /// The form with the browser's sign-in token, or a new one, set in its cookie too. An existing token is
    /// kept: a second request for the page (another tab, a redirected favicon) must not orphan the first form.
    private func signInForm(email: String?, error: String?, status: HTTPResponse.Status, request: Request)
        -> Response
    {
        let kept = SessionCookie.value(SessionCookie.signInName, in: request).flatMap { token in
            token.count == 43 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
                ? token : nil
        }
        let token = kept ?? LeadDesk.randomToken(bytes: 32)
        var response = page.pages.render(
            "signin", ["title": "Sign in", "signinToken": token, "email": email ?? "", "error": error ?? false],
            header: .init(title: "Sign in"), status: status)
        response.headers.append(
            HTTPField(name: .setCookie, value: cookie.set(SessionCookie.signInName, token, maxAge: 3600)))
        return response
    }
}
