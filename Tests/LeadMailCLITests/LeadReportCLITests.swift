import Foundation
import TestSupport
import Testing

@Suite("leads list filters, report, export and import through the command line", .serialized)
struct LeadReportCLITests {
    let monday = "2026-11-23T09:00:00Z"

    /// The sample inbox, captured on Monday 23 November 2026, with teams so that leads get owners.
    func capturedSamples() async throws -> CLIWorkspace {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        try workspace.copySamples()
        let run = try await workspace.leadmail(at: monday, "run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        return workspace
    }

    func list(_ workspace: CLIWorkspace, _ filters: String...) async throws -> [[String: Any]] {
        let result = try await LeadMailBinary.run(
            ["leads", "list", "--json"] + filters + ["--config", workspace.config], in: workspace.directory.path,
            environment: ["LEADMAIL_NOW": monday])
        return try #require(try workspace.json(result) as? [[String: Any]])
    }

    @Test("list sorts by score and filters by status, source, owner, rating, tag, dates and free text")
    func listFilters() async throws {
        let workspace = try await capturedSamples()
        let all = try await list(workspace)
        let scores = all.compactMap { $0["score"] as? Int }
        #expect(scores.count == all.count && all.count > 10)
        #expect(scores == scores.sorted(by: >), "highest score first")
        #expect(
            Set(all.compactMap { $0["owner"] as? String }) == [
                "anna@acme.example", "ben@acme.example",
                "jamie.lloyd@acme.example",
            ],
            "a lead a colleague passed on stays with that colleague")

        let anna = try await list(workspace, "--owner", "Anna Baker")
        #expect(!anna.isEmpty && anna.allSatisfy { $0["owner"] as? String == "anna@acme.example" })
        let webForm = try await list(workspace, "--source", "web-form")
        #expect(!webForm.isEmpty && webForm.allSatisfy { $0["source"] as? String == "web-form" })
        let hannah = try await list(workspace, "--search", "Brackley")
        #expect(hannah.map { $0["email"] as? String } == ["hannah.whitfield@brackleyfoods.example"])
        let prefix = try await list(workspace, "--search", "brackl*")
        #expect(prefix.count == 1)
        #expect(try await list(workspace, "--from", "2026-11-24").isEmpty)
        #expect(try await list(workspace, "--from", "2026-11-23", "--to", "2026-11-23").count == all.count)

        let id = try #require(hannah.first?["id"] as? Int)
        _ = try await workspace.leadmail(at: monday, "leads", "rate", "\(id)", "B")
        _ = try await workspace.leadmail(at: monday, "leads", "tag", "\(id)", "cold store")
        _ = try await workspace.leadmail(at: monday, "leads", "status", "\(id)", "qualified")
        #expect(try await list(workspace, "--rating", "b").map { $0["id"] as? Int } == [id])
        #expect(try await list(workspace, "--tag", "cold store").map { $0["id"] as? Int } == [id])
        #expect(try await list(workspace, "--status", "qualified").map { $0["id"] as? Int } == [id])
        let newest = try await list(workspace, "--sort", "newest", "--limit", "1")
        #expect(newest.first?["id"] as? Int == all.compactMap { $0["id"] as? Int }.max())
        let table = try await workspace.leadmail(at: monday, "leads", "list")
        #expect(table.stdout.hasPrefix("LEAD  SCORE  RATING"), "\(table.stdout.prefix(200))")
    }

    @Test("report per source and campaign as JSON, CSV and a table")
    func report() async throws {
        let workspace = try await capturedSamples()
        let webForm = try await list(workspace, "--source", "web-form", "--sort", "newest")
        let ids = webForm.compactMap { $0["id"] as? Int }
        try #require(ids.count >= 4)
        for arguments in [
            ["leads", "status", "\(ids[0])", "qualified"],
            ["leads", "status", "\(ids[0])", "converted", "--value", "5000"],
            ["leads", "status", "\(ids[1])", "converted", "--value", "2500.5"],
            ["leads", "status", "\(ids[2])", "rejected", "--reason", "spam"],
            ["leads", "status", "\(ids[3])", "rejected", "--reason", "no budget"],
            ["leads", "rate", "\(ids[1])", "A"],
        ] {
            let result = try await LeadMailBinary.run(
                arguments + ["--config", workspace.config], in: workspace.directory.path,
                environment: ["LEADMAIL_NOW": monday])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let result = try await workspace.leadmail(
            at: monday, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json")
        let json = try #require(try workspace.json(result) as? [[String: Any]])
        let line = try #require(json.first { $0["source"] as? String == "web-form" && $0["campaign"] is NSNull })
        #expect(line["leads"] as? Int == webForm.count)
        #expect(line["converted"] as? Int == 2)
        #expect(line["qualified"] as? Int == 2)
        #expect(line["convertedValue"] as? Double == 7500.5)
        #expect(line["rejected"] as? [String: Int] == ["spam": 1, "no budget": 1])
        #expect(line["rated"] as? [String: Int] == ["A": 1])
        let rate = try #require(line["conversionRate"] as? Double)
        #expect(abs(rate - 2.0 / Double(webForm.count - 1)) < 0.0001, "spam does not count against the campaign")
        #expect(line["medianFirstReplySeconds"] is Double, "the automatic replies were sent")
        #expect(json.contains { $0["source"] as? String == "trade-show" && $0["campaign"] as? String == "expo-2026" })

        let csv = try await workspace.leadmail(at: monday, "report", "--format", "csv")
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first?.hasPrefix("source,campaign,leads,A,B,C,D,qualified,converted,value") == true)
        #expect(rows.first?.contains("rejected: no budget,rejected: spam") == true)
        #expect(rows.count == json.count + 1)
        let table = try await workspace.leadmail(at: monday, "report")
        #expect(table.stdout.contains("conversion rate"))
        let empty = try await workspace.leadmail(at: monday, "report", "--from", "2027-01-01")
        #expect(empty.stdout.contains("No leads in that period."))
    }

    @Test("export writes CRM headers; import takes them back all or nothing, with duplicates recognised")
    func exportImport() async throws {
        let workspace = try await capturedSamples()
        let exported = workspace.directory.path + "/leads.csv"
        let export = try await workspace.leadmail(at: monday, "leads", "export", "--output", exported)
        #expect(export.status == 0, "\(export.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: exported))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte order mark, for Excel")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(
            csv.hasPrefix(
                "First Name,Last Name,Email,Phone,Company,Lead Source,Campaign,Lead Status,Rating,"
                    + "Score,Lead Owner,Description,Created Date,Tags,Value,Close Date,Rejection Reason,"
                    + "LeadMail ID\r\n"))
        #expect(csv.contains("Hannah,Whitfield,hannah.whitfield@brackleyfoods.example,"))
        let count = try await list(workspace).count

        let fresh = try CLIWorkspace(extra: lifecycleYAML)
        let imported = try await fresh.leadmail(at: monday, "leads", "import", exported)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdout.contains("\(count) rows: \(count) new leads, 0 repeat enquiries, 0 duplicates"),
            "\(imported.stdout)")
        let hannah = try #require(try await list(fresh, "--search", "brackley").first)
        #expect(hannah["company"] as? String == "Brackley Foods Ltd")
        #expect(hannah["owner"] is String, "imported leads keep the owner of their row")
        let again = try await fresh.leadmail(at: monday, "leads", "import", exported)
        #expect(again.stdout.contains("\(count) rows: 0 new leads, 0 repeat enquiries"), "\(again.stdout)")

        let sheet = try fresh.write(
            """
            Name,E-mail,Company,Job Title,Notes
            Tom Reed,tom@reedpumps.example,Reed Pumps,CEO,"Needs 40 pumps, budget approved"
            No Address,,Nowhere Ltd,,
            "Quoted, Name",not-an-address,,,
            Hannah Whitfield,hannah.whitfield@brackleyfoods.example,,,"Also, ""urgent"": loggers"

            """, to: "scanner.csv")
        let refused = try await fresh.leadmail(at: monday, "leads", "import", sheet)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("scanner.csv:3: rejected: no email address"), "\(refused.stdout)")
        #expect(refused.stdout.contains("scanner.csv:4: rejected: 'not-an-address' is not an email address"))
        #expect(refused.stdout.contains("nothing imported"))
        #expect(try await list(fresh, "--search", "reed").isEmpty, "nothing half-imported")

        let partial = try await fresh.leadmail(at: monday, "leads", "import", sheet, "--skip-invalid")
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(
            partial.stdout.contains("2 rows: 1 new lead, 1 repeat enquiry, 0 duplicates, 2 rejected"),
            "\(partial.stdout)")
        let tom = try #require(try await list(fresh, "--search", "reed").first)
        #expect(tom["source"] as? String == "import")
        let explain = try await fresh.leadmail(at: monday, "leads", "explain", "\(tom["id"] as? Int ?? 0)")
        #expect(explain.stdout.contains("job title 'ceo'"), "the Job Title column counts: \(explain.stdout)")
    }
}
