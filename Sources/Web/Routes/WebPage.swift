import Hummingbird
import LeadDesk
import Leads

/// What every signed-in page shares: the user, the CSRF token for its forms, and which rights to show forms for.
struct WebPage {
    let desk: LeadDesk
    let pages: PageRenderer

    func render(
        _ name: String, title: String, nav: String? = nil, _ data: [String: Any], context: WebContext,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        guard let session = context.session else { return SessionMiddleware.toSignIn }
        var data = data
        data["title"] = title
        data["csrf"] = session.csrfToken
        // The role's rights, for links and forms to show only what the user may use (`may_dashboard`, …).
        for right in Right.allCases where may(right, context) { data["may_" + right.rawValue] = true }
        let me = PageHeaderHTML.Me(
            name: session.user.name, role: session.user.role.rawValue, csrf: session.csrfToken,
            mayTemplates: may(.templates, context), mayUsers: may(.users, context),
            mayDashboard: may(.dashboard, context), mayReports: may(.reports, context))
        let header = PageHeaderHTML(title: title, me: me, nav: nav, notice: data["notice"] as? String)
        return pages.render(name, data, header: header, status: status)
    }

    /// Whether the user's role has the right at all (the lead's scope is checked by the core on every call).
    func may(_ right: Right, _ context: WebContext) -> Bool {
        guard let user = context.session?.user, !user.isDisabled else { return false }
        return desk.permissions.grant(for: user.role).rights.contains(right)
    }

    /// Back where the form came from: only a path of this site (never `//host` or a scheme).
    static func redirect(_ form: WebForm, default fallback: String) -> Response {
        var target = fallback
        if let back = form["back"], back.hasPrefix("/"), !back.hasPrefix("//"), !back.contains("\\"),
            back.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        {
            target = back
        }
        return Response(status: .seeOther, headers: [.location: target])
    }
}
