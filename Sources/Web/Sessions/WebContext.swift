import Hummingbird
import LeadDesk
import Leads
import NIOCore

/// The request context of the workspace: the signed-in session (if any), the form the request posted (parsed
/// once, where its CSRF token is checked) and the client's address for throttling.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: WebSession?
    /// The posted form's fields, for POST requests that passed the CSRF check.
    public var form: WebForm = WebForm()
    /// The peer's IP address, "unknown" when the channel has none (in-process tests).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The signed-in user; the session middleware has already refused requests without one.
    public var user: User {
        get throws {
            guard let session else { throw HTTPError(.unauthorized, message: "Sign in first.") }
            return session.user
        }
    }
}
