import Foundation
import Hummingbird
import LeadDesk

/// `/t/TOKEN`, the tracked links of mail to leads (`tracking: true`): served without a session (the lead's mail
/// client opens it), logged by `LeadDesk.openTrackedLink`, and redirected only to the address stored with the
/// token, never to one the request names.
struct TrackingRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/t/:token") { _, context in
            let token = try context.parameters.require("token")
            guard let url = try await page.desk.openTrackedLink(token) else {
                throw HTTPError(.notFound, message: "This link is not one LeadMail sent, or it has been removed.")
            }
            return Response(status: .found, headers: [.location: url, .cacheControl: "no-store"])
        }
    }

    /// Whether a path is a tracked link, which needs no session.
    static func isTrackedLink(_ path: String) -> Bool { path.hasPrefix("/t/") }
}
