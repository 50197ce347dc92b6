import Testing

@testable import Web

@Suite("Web: every page's header, written in Swift")
struct PageHeaderTests {
    static let hostile = "<script>alert('x')</script>\"&"
    static let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"

    @Test("the title, the user's name, role and a notice are text; the sign-out forms carry the CSRF token")
    func escapes() {
        let me = PageHeaderHTML.Me(
            name: Self.hostile, role: "sales", csrf: "token\"x", mayTemplates: false, mayUsers: false,
            mayDashboard: false, mayReports: false)
        let html = PageHeaderHTML(title: Self.hostile, me: me, nav: "Leads", notice: Self.hostile).html().renderText
        #expect(html.contains("<title>\(Self.escaped) · LeadMail</title>"))
        #expect(html.contains("<span>\(Self.escaped) (sales)</span>"))
        #expect(html.contains("<p class=\"notice\" role=\"status\">\(Self.escaped)</p>"))
        #expect(!html.contains("<script>alert"))
        #expect(html.components(separatedBy: "name=\"csrf\" value=\"token&quot;x\"").count == 3)
        #expect(html.hasSuffix("</header>\n<main>\n<p class=\"notice\" role=\"status\">\(Self.escaped)</p>\n"))
    }

    @Test("the navigation: the current page marked, only the links the role's rights open")
    func navigation() {
        let sales = PageHeaderHTML.Me(
            name: "Anna", role: "sales", csrf: "t", mayTemplates: false, mayUsers: false, mayDashboard: false,
            mayReports: false)
        let anna = PageHeaderHTML(title: "Leads", me: sales, nav: "Leads").html().renderText
        #expect(anna.contains("<a href=\"/leads\" aria-current=\"page\">Leads</a>"))
        #expect(anna.contains("<a href=\"/\">My work</a>"))
        #expect(anna.components(separatedBy: "aria-current").count == 2, "one current entry")
        for path in ["/templates", "/admin/users", "/admin/audit", "/dashboard", "/reports", "/team"] {
            #expect(!anna.contains("href=\"\(path)\""), "\(path) is not a salesperson's")
        }
        let admin = PageHeaderHTML.Me(
            name: "Root", role: "admin", csrf: "t", mayTemplates: true, mayUsers: true, mayDashboard: true,
            mayReports: true)
        let root = PageHeaderHTML(title: "Team", me: admin, nav: "Team").html().renderText
        for path in ["/templates", "/admin/users", "/admin/audit", "/dashboard", "/reports"] {
            #expect(root.contains("<a href=\"\(path)\">"), "\(path)")
        }
        #expect(root.contains("<a href=\"/team\" aria-current=\"page\">Team</a>"))
        let signIn = PageHeaderHTML(title: "Sign in").html().renderText
        #expect(!signIn.contains("<nav>") && !signIn.contains("signout"), "no navigation without a user")
        #expect(signIn.hasSuffix("</header>\n<main>\n"))
    }
}
