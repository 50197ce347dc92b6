import Foundation
import HTTPTypes
import Hummingbird

/// The session cookie and the sign-in form's own CSRF cookie: `HttpOnly` (no script reads them),
/// `SameSite=Strict` (no other site's page sends them), `Secure` when the workspace is served over https.
struct SessionCookie: Sendable {
    static let name = "leadmail_session"
    /// The double-submit token of the sign-in form, before there is a session to hold one.
    static let signInName = "leadmail_signin"

    let secure: Bool

    func set(_ name: String, _ value: String, maxAge: Int) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "Max-Age=\(maxAge)", "HttpOnly", "SameSite=Strict"]
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    func clear(_ name: String) -> String { set(name, "", maxAge: 0) }

    /// The value of a cookie the request carries.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
