import Foundation
import Maildir
import TestSupport
import Testing

/// A manager's day in a real browser (Tests/Browser/manager_day.py in Debian's Chromium through Selenium) against
/// a real `leadmail serve` over the sample inbox taken in by `leadmail run --once`: the dashboard, a bar into the
/// list, mass assign and tag with their summary, and a reassignment from the team view.
/// Needs `make test-deps` (chromium, chromium-driver, selenium); fails saying so when they are missing.
@Suite("Browser: a manager's day in Chromium", .serialized)
struct ManagerBrowserTests {
    static let teams = """

        teams:
          - name: uk
            strategy: round-robin
            manager: mary@acme.example
            members:
              - { name: Anna Baker, email: anna@acme.example }
              - { name: Ben Carter, email: ben@acme.example }
        assignment:
          - team: uk

        """

    @Test("dashboard, a bar into the list, mass assign and tag, the summary, reassigning from the team view")
    func managersDay() async throws {
        try BrowserTests.requireChromium()
        let workspace = try CLIWorkspace(extra: Self.teams)
        try workspace.copySamples()
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let password = "a long demo password"
        for (email, name, role) in [
            ("root@acme.example", "Rosa Root", "admin"), ("mary@acme.example", "Mary Moss", "manager"),
        ] {
            var arguments = ["users", "add", email, "--name", name, "--role", role, "--team", "uk"]
            if role != "admin" { arguments += ["--as", "root@acme.example"] }
            let added = try await LeadMailBinary.run(
                arguments + ["--config", workspace.config], input: "\(password)\n\(password)\n",
                in: workspace.directory.path, environment: ["USER": "root"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        // An overdue call on lead 1, whoever the rules gave it to.
        let task = try await workspace.leadmail("leads", "task", "1", "call", "2026-01-05", "--as", "root@acme.example")
        #expect(task.status == 0, "\(task.stderr)")

        let (server, port) = try await BrowserTests.serve(workspace)
        defer { server.terminate() }
        let (result, shots) = try await BrowserTests.day(
            "manager_day", in: workspace, port: port,
            environment: [
                "EMAIL": "mary@acme.example", "PASSWORD": password,
                "OVERDUE_LEAD_ID": "1", "ASSIGN_TO": "ben@acme.example", "TAG": "expo-follow-up",
            ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        for name in ["dashboard", "mass-actions", "team"] {
            #expect(FileManager.default.fileExists(atPath: shots + "/\(name).png"))
        }
        // The selection the browser worked on, as the store has it now.
        let selected =
            result.stdout.components(separatedBy: "selected ").dropFirst().first?
            .prefix { $0 != ";" }.split(separator: ",").map(String.init) ?? []
        #expect(selected.count == 2, "\(result.stdout)")
        for id in selected {
            let shown = try await workspace.leadmail("leads", "show", id, "--as", "root@acme.example")
            #expect(shown.stdout.contains("ben@acme.example"), "\(shown.stdout)")
            #expect(shown.stdout.contains("expo-follow-up"), "\(shown.stdout)")
        }
    }
}
