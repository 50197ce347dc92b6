import Foundation
import HTTPTypes
import Hummingbird
import LeadDesk

/// The one place that decides who is asking and whether a form may change anything: it loads the session from
/// the cookie, sends requests without one to the sign-in page, and checks the CSRF token of every POST (against
/// the session's, or the sign-in cookie's for the sign-in form) before any route sees its form.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let desk: LeadDesk
    /// Paths served without a session.
    static let publicPaths: Set<String> = ["/signin", "/static/app.css", "/static/app.js"]
    static let maximumFormSize = 256 * 1024

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let token = SessionCookie.value(SessionCookie.name, in: request) {
            context.session = try await desk.session(token: token)
        }
        let path = request.uri.path
        if request.method == .post {
            let body = try await request.body.collect(upTo: Self.maximumFormSize)
            context.form = WebForm(urlEncoded: String(buffer: body))
            let expected =
                path == "/signin"
                ? SessionCookie.value(SessionCookie.signInName, in: request) : context.session?.csrfToken
            guard context.session != nil || path == "/signin" else { return Self.toSignIn }
            guard let expected, let given = context.form.raw("csrf"), Self.same(given, expected) else {
                throw HTTPError(
                    .forbidden,
                    message: "This form has expired or did not come from LeadMail's own page; reload the page "
                        + "and try again.")
            }
        } else if request.method != .get && request.method != .head {
            throw HTTPError(.methodNotAllowed)
        }
        guard context.session != nil || Self.publicPaths.contains(path) || TrackingRoutes.isTrackedLink(path) else {
            return Self.toSignIn
        }
        return try await next(request, context)
    }

    static var toSignIn: Response { Response(status: .seeOther, headers: [.location: "/signin"]) }

    /// Compares in time that does not depend on where the two differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
