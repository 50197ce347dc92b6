/// Every page's head and top bar (the `header` partial's text), written here instead of by a template: each page
/// paid swift-mustache's look-ups of the navigation's names through the context stack, about a tenth of a lead
/// page's time. Every value is escaped as `{{value}}` escapes it (`HTMLWriter`, `EscapedHTML.escape`).
struct PageHeaderHTML {
    /// The signed-in user, for the navigation and the sign-out forms.
    struct Me {
        var name: String
        var role: String
        var csrf: String
        var mayTemplates: Bool
        var mayUsers: Bool
        var mayDashboard: Bool
        var mayReports: Bool
    }

    var title: String
    var me: Me?
    /// The navigation's current entry (`Work`, `Leads`, `Pipeline`, `Templates`, `Users`, `Audit`, `Dashboard`,
    /// `Reports`, `Team`).
    var nav: String?
    var notice: String?

    func html() -> EscapedHTML {
        var out = HTMLWriter(capacity: 2_048)
        out.markup(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """)
        out.text(title)
        out.markup(
            """
             · LeadMail</title>
            <link rel="stylesheet" href="/static/app.css">
            <script src="/static/app.js" defer></script>
            </head>
            <body>
            <header class="top">
              <span class="brand">LeadMail</span>

            """)
        if let me {
            out.markup("  <nav>\n")
            link("/", "Work", "My work", &out)
            link("/leads", "Leads", "Leads", &out)
            link("/pipeline", "Pipeline", "Pipeline", &out)
            if me.mayTemplates { link("/templates", "Templates", "Templates", &out) }
            if me.mayUsers {
                link("/admin/users", "Users", "Users", &out)
                link("/admin/audit", "Audit", "Audit", &out)
            }
            if me.mayDashboard { link("/dashboard", "Dashboard", "Dashboard", &out) }
            if me.mayReports { link("/reports", "Reports", "Reports", &out) }
            if me.mayDashboard { link("/team", "Team", "Team", &out) }
            out.markup("  </nav>\n  <div class=\"who\">\n    <span>")
            out.text(me.name)
            out.markup(" (")
            out.text(me.role)
            out.markup(
                ")</span>\n    <form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"")
            out.text(me.csrf)
            out.markup("\"><button>Sign out</button></form>\n    <form method=\"post\" action=\"/signout-everywhere\">")
            out.markup("<input type=\"hidden\" name=\"csrf\" value=\"")
            out.text(me.csrf)
            out.markup("\"><button class=\"link\">Sign out everywhere</button></form>\n  </div>\n")
        }
        out.markup("</header>\n<main>\n")
        if let notice {
            out.markup("<p class=\"notice\" role=\"status\">")
            out.text(notice)
            out.markup("</p>\n")
        }
        return out.html
    }

    private func link(_ href: StaticString, _ name: String, _ label: StaticString, _ out: inout HTMLWriter) {
        out.markup("    <a href=\"")
        out.markup(href)
        out.markup("\"")
        out.markup(" aria-current=\"page\"", if: nav == name)
        out.markup(">")
        out.markup(label)
        out.markup("</a>\n")
    }
}
