import Foundation
import Maildir
import TestSupport
import Testing

/// A salesperson's day in a real browser: Debian's Chromium, driven by Selenium (Tests/Browser/salesperson_day.py)
/// against a real `leadmail serve` on a free port, over leads that `leadmail run --once` took from a maildir; the
/// letter written in the browser reaches the tests' SMTP server (aiosmtpd) on the next `leadmail run --once`.
/// Needs `make test-deps` (chromium, chromium-driver, selenium); fails saying so when they are missing.
@Suite("Browser: a salesperson's day in Chromium", .serialized)
struct BrowserTests {
    static let followUp = "Could you also include the datasheet for the stainless model? We decide on Friday."

    @Test("sign in, My work, the lead and its follow-up, log a call, write from a template, the pipeline")
    func salespersonsDay() async throws {
        try Self.requireChromium()
        let relay = try await SMTPTestServer.start()
        defer { relay.stop() }
        let workspace = try CLIWorkspace(relay: relay.url)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        try Self.write(Self.enquiry, named: "1798099200.M1P1.mx", into: inbox)
        try Self.write(Self.reply, named: "1798099300.M2P1.mx", into: inbox)
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let password = "a long demo password"
        let admin = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "root@acme.example",
            "--name", "Rosa Root", "--role", "admin")
        #expect(admin.status == 0, "\(admin.stderr)")
        let sales = try await workspace.leadmail(
            login: "root", input: "\(password)\n\(password)\n", "users", "add", "anna@acme.example",
            "--name", "Anna Baker", "--role", "sales", "--as", "root@acme.example")
        #expect(sales.status == 0, "\(sales.stderr)")

        let (server, port) = try await BrowserTests.serve(workspace)
        defer { server.terminate() }

        let (result, shots) = try await BrowserTests.day(
            "salesperson_day", in: workspace, port: port,
            environment: [
                "EMAIL": "anna@acme.example", "PASSWORD": password,
                "LEAD_ID": "1", "FOLLOW_UP_TEXT": Self.followUp,
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: shots + "/pipeline-moved.png"))

        let shown = try await workspace.leadmail("leads", "show", "1", "--as", "root@acme.example")
        #expect(shown.stdout.contains("qualified"), "\(shown.stdout)")
        #expect(shown.stdout.contains("call: Called the buyer"), "\(shown.stdout)")

        // The letter went into the outbox; the service's next wake sends it to the relay.
        let deliver = try await workspace.leadmail("run", "--once")
        #expect(deliver.status == 0, "\(deliver.stderr)")
        let letters = try relay.received().filter {
            String(decoding: $0.data, as: UTF8.self).contains("P.S. The datasheet for the stainless model")
        }
        #expect(letters.count == 1, "the letter written in the browser reached the SMTP server once")
        let letter = String(decoding: try #require(letters.first).data, as: UTF8.self)
        #expect(letters.first?.rcptTos == ["jo@northbrew.example"])
        #expect(letter.contains("Anna Baker"), "from the writer, at the sales address")
        #expect(letter.contains("Your quote request L1 [#L1]"), "the template's subject, rendered for the lead")
    }

    /// Debian's Chromium and its driver, which every browser day drives; a clear failure when they are missing.
    static func requireChromium() throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: tool),
                "\(tool) is missing: run `make test-deps` (apt-get install chromium chromium-driver)")
        }
    }

    /// `leadmail serve` over the workspace on a free port, and the port it says it listens on.
    static func serve(_ workspace: CLIWorkspace) async throws -> (server: Process, port: Int) {
        let log = workspace.directory.path + "/serve.log"
        let server = try LeadMailBinary.start(
            ["serve", "--config", workspace.config, "--listen", "127.0.0.1:0"], in: workspace.directory.path,
            output: log)
        do {
            return (server, try await port(in: log, of: server))
        } catch {
            server.terminate()
            throw error
        }
    }

    /// A day's script (Tests/Browser/NAME.py) in Chromium against the served workspace; its screenshots go to
    /// LEADMAIL_SCREENSHOTS, or the workspace's screenshots folder, returned beside the script's result.
    static func day(
        _ script: String, in workspace: CLIWorkspace, port: Int, environment: [String: String]
    ) async throws -> (result: CommandResult, screenshots: String) {
        let shots =
            ProcessInfo.processInfo.environment["LEADMAIL_SCREENSHOTS"]
            ?? workspace.directory.path + "/screenshots"
        var environment = environment
        environment["BASE_URL"] = "http://127.0.0.1:\(port)"
        environment["SCREENSHOTS"] = shots
        let browser = try LeadMailBinary.start(
            ["python3", RepositoryPaths.root + "/Tests/Browser/\(script).py"], in: workspace.directory.path,
            environment: environment, executable: "/usr/bin/env")
        return (await LeadMailBinary.wait(for: browser), shots)
    }

    /// The port from the line `leadmail serve` prints once it listens.
    static func port(in log: String, of server: Process) async throws -> Int {
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), port > 0 { return port }
            }
            guard server.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw ServeDidNotStart(log: text)
    }

    static func write(_ text: String, named name: String, into maildir: Maildir) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        try Data(lines.utf8).write(to: URL(fileURLWithPath: maildir.path + "/new/" + name))
    }

    static let enquiry = """
        From: Jo Brewer <jo@northbrew.example>
        To: sales@acme.example
        Subject: Level sensors for our new brewhouse
        Date: Tue, 01 Dec 2026 08:00:00 +0000
        Message-ID: <enquiry-1@northbrew.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Hello,

        we are fitting out a new brewhouse and need 60 level sensors for the fermentation tanks.
        Could you send a quote?

        Jo Brewer
        North Brewing Ltd
        +44 113 496 0123
        """

    static let reply = """
        From: Jo Brewer <jo@northbrew.example>
        To: sales@acme.example
        Subject: Re: Level sensors for our new brewhouse
        Date: Tue, 01 Dec 2026 08:05:00 +0000
        Message-ID: <follow-up-1@northbrew.example>
        In-Reply-To: <enquiry-1@northbrew.example>
        References: <enquiry-1@northbrew.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        \(followUp)

        Jo
        """
}

/// `leadmail serve` exited or printed no port in a minute.
struct ServeDidNotStart: Error, CustomStringConvertible {
    var log: String
    var description: String { "leadmail serve did not start listening:\n\(log)" }
}
