import Foundation
import Hummingbird
import LeadDesk
import Logging

/// The web workspace for sales staff: pages over `LeadDesk`, on the same store and rules as the command line.
///
/// Every request passes, in order: the security headers, the error pages, the session and CSRF check, then one
/// route, which makes one `LeadDesk` call as the signed-in user.
public struct Workspace: Sendable {
    public let desk: LeadDesk
    public let options: WebOptions
    let pages: PageRenderer
    let assets: StaticAssets
    let throttle: LoginThrottle

    public init(desk: LeadDesk, options: WebOptions, throttle: LoginThrottle = LoginThrottle()) async throws {
        self.desk = desk
        self.options = options
        self.throttle = throttle
        pages = try await PageRenderer.bundled()
        assets = try StaticAssets.bundled()
    }

    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SessionMiddleware(desk: desk))
        let page = WebPage(desk: desk, pages: pages)
        assets.add(to: router)
        AuthRoutes(page: page, throttle: throttle, cookie: SessionCookie(secure: options.isSecure)).add(to: router)
        WorkRoutes(page: page).add(to: router)
        ListRoutes(page: page).add(to: router)
        LetterRoutes(page: page).add(to: router)
        LeadRoutes(page: page).add(to: router)
        EventRoutes(page: page).add(to: router)
        TemplateRoutes(page: page).add(to: router)
        UserRoutes(page: page).add(to: router)
        AuditRoutes(page: page).add(to: router)
        TrackingRoutes(page: page).add(to: router)
        DashboardRoutes(page: page).add(to: router)
        ReportRoutes(page: page).add(to: router)
        TeamRoutes(page: page).add(to: router)
        MassActionRoutes(page: page).add(to: router)
        return router
    }

    /// The HTTP server, a swift-service-lifecycle `Service` (`runService()` runs it alone until a signal).
    public func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "LeadMail"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
