import Foundation
import Maildir
import TestSupport
import Testing

/// Hostile mail through the whole way: the real parser (`leadmail run --once`: encoded words decoded, HTML
/// reduced to text) into the store, then the lead page from a real `leadmail serve`, fetched with curl as a
/// signed-in user. Nothing a stranger wrote may become markup there.
@Suite("Serve: hostile mail from a real maildir", .serialized)
struct HostileMailServeTests {
    @Test("encoded-word subject and name, HTML with script, handlers, javascript: and data: links, a pixel")
    func hostileLeadPage() async throws {
        let workspace = try CLIWorkspace()
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let lines = Self.message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        try Data(lines.utf8).write(to: URL(fileURLWithPath: inbox.path + "/new/1798099200.M1P1.mx"))
        #expect(try await workspace.leadmail("run", "--once").status == 0)
        let (server, base, jar) = try await Self.signedIn(workspace)
        defer { server.terminate() }
        let page = try await Self.curl(["-c", jar, "-b", jar, base + "/leads/1"])
        #expect(page.contains("Rosa Root"), "signed in and on the lead page: \(page.prefix(500))")
        // The encoded words were decoded by the parser, then escaped on the page.
        #expect(page.contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;"), "\(page)")
        #expect(page.contains("Please send a quote"))
        let markup = Self.markup(page)
        #expect(markup.components(separatedBy: "<script").count == 2, "only our own script: \(markup)")
        for forbidden in [
            "<img", "<svg", "<iframe", "<style", "onerror", "onload", "onclick", "javascript:",
            "data:", "tracker.example", "evil.example",
        ] {
            #expect(!markup.lowercased().contains(forbidden), "\(forbidden) in the page's markup")
        }
    }

    /// `leadmail serve` on `workspace`, signed in as a new administrator; the base URL and the cookie jar.
    static func signedIn(_ workspace: CLIWorkspace) async throws -> (serve: Process, base: String, jar: String) {
        let password = "a long demo password"
        let added = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "root@acme.example",
            "--name", "Rosa Root", "--role", "admin")
        #expect(added.status == 0, "\(added.stderr)")
        let (serve, port) = try await BrowserTests.serve(workspace)
        let base = "http://127.0.0.1:\(port)"
        let jar = workspace.directory.path + "/cookies"
        let form = try await Self.curl(["-c", jar, "-b", jar, base + "/signin"])
        let token = try #require(
            form.range(of: #"name="csrf" value=""#).map { form[$0.upperBound...].prefix { $0 != "\"" } })
        _ = try await Self.curl([
            "-c", jar, "-b", jar, "--data-urlencode", "csrf=\(token)", "--data-urlencode", "email=root@acme.example",
            "--data-urlencode", "password=\(password)", base + "/signin",
        ])
        return (serve, base, jar)
    }

    /// The page's tags with their double-quoted attribute values emptied: what a browser would parse as markup,
    /// without the (escaped) text and values a stranger wrote.
    static func markup(_ html: String) -> String {
        var tags = ""
        var rest = html[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            tags += rest[open...close].replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)
            rest = rest[rest.index(after: close)...]
        }
        return tags
    }

    static func curl(_ arguments: [String]) async throws -> String {
        let result = try await LeadMailBinary.runExecutable(
            "/usr/bin/env", ["curl", "-sS", "--max-time", "20"] + arguments)
        #expect(result.status == 0, "curl \(arguments): \(result.stderr)")
        return result.stdout
    }

    static let message = """
        From: =?utf-8?b?Ij48aW1nIHNyYz14IG9uZXJyb3I9YWxlcnQoMSk+?= <mallory@evil.example>
        To: sales@acme.example
        Subject: =?utf-8?q?=3Cscript=3Ealert('subject')=3C/script=3E?= quote please
        Date: Tue, 01 Dec 2026 08:00:00 +0000
        Message-ID: <hostile-1@evil.example>
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        --b1
        Content-Type: text/html; charset=utf-8

        <html><head><style>body{display:none}</style><script>alert('body')</script></head>
        <body onload="alert('load')"><p>Please send a quote for 60 sensors.</p>
        <a href="javascript:alert('link')">our site</a> <a href="data:text/html,<script>alert(1)</script>">more</a>
        <img src="https://tracker.example/pixel.gif?id=1" width="1" height="1">
        <iframe src="https://evil.example/frame"></iframe>
        <div style="position:fixed;top:0;left:0;width:100%;height:100%" onclick="alert('overlay')">Pay here</div>
        &lt;script&gt;alert('entity')&lt;/script&gt;
        </body></html>
        --b1--
        """
}
