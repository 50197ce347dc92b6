import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// `leads export` and `leads import`: spreadsheets in and out, with CRM-friendly headers.
extension LeadsCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write leads as CSV: LeadMail's own columns (which `leads import` takes back), or Salesforce's "
                + "or HubSpot's import columns and values.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The CSV file, written with a UTF-8 byte order mark for Excel (default: standard output).")
        var output: String?
        @Option(help: "leadmail (default), salesforce or hubspot.") var format: ExportFormat = .leadmail
        @Option(help: "Only leads with this status.") var status: LeadStatus?
        @Option(help: "Only leads from this source.") var source: String?
        @Option(help: "Only leads of this campaign.") var campaign: String?

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leads = try await context.perform {
                try await context.desk.exportedLeads(
                    LeadSearch(status: status, source: source, campaign: campaign, order: .newest), by: user)
            }
            let values = context.configuration.exportValues
            let rows = leads.map { format.row($0, values: values) }
            let csv = CSVTable.render([format.header] + rows)
            if let output {
                do {
                    try ("\u{FEFF}" + csv).write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandFailure("Cannot write \(output): \(error.localizedDescription)")
                }
                print("\(counted(rows.count, "lead")) written to \(output).")
            } else {
                print(csv, terminator: "")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record leads from a CSV file (spreadsheets, trade-show scanners, an export), all or nothing.",
            discussion: """
                The first row names the columns: Email (required), First Name, Last Name or Name, Phone, Company, \
                Lead Source, Campaign, Description (or Enquiry, Notes), and the work done elsewhere: Lead Status, \
                Rating, Lead Owner (or Record Owner, Contact owner), Tags, Value (or Amount), Close Date, Rejection \
                Reason, Created Date. Other columns (Job Title, Country, …) are kept as form fields and count for \
                scoring and territory. A row with the LeadMail ID and address of a lead here updates that lead; \
                otherwise a contact with an open lead gets a repeat enquiry on it, and a row imported before is a \
                duplicate. Columns may be separated by commas, semicolons or tabs; amounts are read as 12,000.50, \
                or as 12.000,50 in a file separated by semicolons or tabs. With any row rejected nothing is \
                imported, unless --skip-invalid.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The source of rows without a Lead Source column.") var source = "import"
        @Option(help: "The campaign of rows without a Campaign column.") var campaign: String?
        @Flag(help: "Import the good rows even when some are rejected.") var skipInvalid = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            try await context.perform { try context.desk.check(.create, by: user) }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("Cannot read \(file) as UTF-8 text; save it as CSV (UTF-8) and try again")
            }
            let sheet: ImportSheet
            do { sheet = try ImportSheet(text: text, file: file) } catch { throw CommandFailure("\(error)") }
            print("\(file): \(sheet.guesses.joined(separator: ", ")).")
            if !sheet.formColumns.isEmpty {
                print("\(file): kept as form fields: \(sheet.formColumns.joined(separator: ", ")).")
            }
            if !sheet.ignoredColumns.isEmpty {
                print("\(file): ignored: \(sheet.ignoredColumns.joined(separator: ", ")).")
            }
            let report = try await context.perform {
                try await context.desk.importLeads(
                    sheet, source: source, campaign: campaign, skipInvalid: skipInvalid, by: user)
            }
            for (line, reason) in report.rejected { print("\(file):\(line): rejected: \(reason)") }
            guard report.imported else {
                print(
                    "\(counted(report.rejected.count, "row")) rejected: nothing imported. "
                        + "Fix them, or use --skip-invalid to import the others.")
                throw ExitCode(1)
            }
            var counts = (created: 0, attached: 0, duplicates: 0, updated: 0, unchanged: 0, refused: 0)
            for (line, outcome) in report.outcomes {
                switch outcome {
                case .created(let lead):
                    counts.created += 1
                    print("\(file):\(line): new lead \(lead.number) \(lead.email)")
                case .attached(let lead):
                    counts.attached += 1
                    print("\(file):\(line): repeat enquiry on \(lead.number) \(lead.email)")
                case .duplicate(let id):
                    counts.duplicates += 1
                    print("\(file):\(line): duplicate, already recorded\(id.map { " on L\($0)" } ?? "")")
                case .updated(let lead, let changes):
                    counts.updated += 1
                    print("\(file):\(line): \(lead.number) updated: \(changes.joined(separator: "; "))")
                case .unchanged:
                    counts.unchanged += 1
                case .refused(let lead, let reason):
                    counts.refused += 1
                    print("\(file):\(line): \(lead.number) not updated: \(reason)")
                case .ignored(let reason):
                    print("\(file):\(line): ignored, \(reason)")
                }
            }
            var summary = [
                counted(counts.created, "new lead"), counted(counts.attached, "repeat enquiry", "repeat enquiries"),
                counted(counts.duplicates, "duplicate"),
            ]
            if counts.updated + counts.unchanged + counts.refused > 0 {
                summary.append("\(counts.updated) updated, \(counts.unchanged) unchanged")
                if counts.refused > 0 { summary.append("\(counts.refused) not updated") }
            }
            summary.append("\(report.rejected.count) rejected")
            print("\(counted(report.outcomes.count, "row")): \(summary.joined(separator: ", ")).")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}

/// "1 row", "2 rows".
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
