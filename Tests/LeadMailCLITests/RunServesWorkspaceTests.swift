import Foundation
import Maildir
import TestSupport
import Testing

/// `leadmail run` with `web:` in leadmail.yml serves the workspace as one more service of its group.
@Suite("leadmail run with the web workspace")
struct RunServesWorkspaceTests {
    @Test("run serves the sign-in page beside intake, records mail meanwhile, and stops cleanly on SIGTERM")
    func runServesWorkspace() async throws {
        let workspace = try CLIWorkspace(extra: "\nweb: {listen: \"127.0.0.1:0\"}\n")
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let log = workspace.directory.path + "/run.log"
        let process = try LeadMailBinary.start(
            ["run", "--config", workspace.config], in: workspace.directory.path, output: log)
        defer { if process.isRunning { process.terminate() } }
        let port = try await Self.port(in: log, of: process)

        let page = try await LeadMailBinary.runExecutable(
            "/usr/bin/curl", ["-s", "-i", "http://127.0.0.1:\(port)/signin"])
        #expect(page.stdout.hasPrefix("HTTP/1.1 200"), "\(page.stdout.prefix(300))")
        #expect(page.stdout.contains("Content-Security-Policy:"))
        #expect(page.stdout.contains("<form"))

        try inbox.deliver(Array(enquiryMail().utf8))
        var waited = 0
        while try !inbox.newMessages().isEmpty, waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(try inbox.curMessages().count == 1, "intake went on beside the workspace")

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    /// The port from run's log line (a JSON line when stderr is a file, with `/` written `\/`).
    static func port(in log: String, of process: Process) async throws -> Int {
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.range(of: "workspace listening on"),
                let host = text[line.upperBound...].range(of: "127.0.0.1:")
            {
                let digits = text[host.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), port > 0 { return port }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record(
            "run did not say where the workspace listens: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        throw CancellationError()
    }
}
