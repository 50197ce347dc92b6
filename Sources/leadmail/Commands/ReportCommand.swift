import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// `leadmail report`: per source and campaign, what the leads were worth.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Leads per source and campaign: ratings, qualified, converted and value, rejected by reason, "
            + "median time to first reply and first human contact, conversion rate.",
        discussion: "Conversion rate is converted ÷ (leads − rejected as spam), so campaigns are judged on real leads."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var options: ConfigOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "Leads created on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Leads created on or before this day (YYYY-MM-DD).") var to: String?
    @Option(help: "Only leads with this tag (`leads tag`), e.g. a segment or a trade show.") var tag: String?
    @Option(help: "table (default), csv or json.") var format: Format = .table

    func run() async throws {
        let (context, user) = try await LifecycleContext.acting(options, actor)
        let range = try DayRange(from: from, to: to, calendar: context.calendar)
        let report = LeadReport(
            try await context.perform {
                try await context.desk.reportedLeads(from: range.start, until: range.end, tag: tag, by: user)
            })
        switch format {
        case .json:
            print(try LeadJSON.prettyPrinted(report.lines.map(ReportLineJSON.init)))
        case .csv:
            print(CSVTable.render(rows(report, reasons: reasons(report))), terminator: "")
        case .table:
            guard !report.lines.isEmpty else {
                print(tag.map { "No leads tagged '\($0)' in that period." } ?? "No leads in that period.")
                return
            }
            print(LeadTable.table(rows(report, reasons: reasons(report))))
        }
    }

    private func reasons(_ report: LeadReport) -> [String] {
        Set(report.lines.flatMap(\.rejected.keys)).sorted()
    }

    private func rows(_ report: LeadReport, reasons: [String]) -> [[String]] {
        let header =
            ["source", "campaign", "leads", "A", "B", "C", "D", "qualified", "converted", "value"]
            + reasons.map { "rejected: \($0)" }
            + ["median first reply (h)", "median first contact (h)", "conversion rate"]
        return [header]
            + report.lines.map { line in
                [line.source, line.campaign ?? "", "\(line.leads)"]
                    + ["A", "B", "C", "D"].map { "\(line.rated[$0, default: 0])" }
                    + ["\(line.qualified)", "\(line.converted)", StatusChange.amount(line.convertedValue)]
                    + reasons.map { "\(line.rejected[$0, default: 0])" }
                    + [
                        hours(line.medianFirstReplySeconds), hours(line.medianFirstContactSeconds),
                        String(format: "%.1f%%", line.conversionRate * 100),
                    ]
            }
    }

    private func hours(_ seconds: Double?) -> String {
        seconds.map { String(format: "%.1f", $0 / 3600) } ?? ""
    }
}
