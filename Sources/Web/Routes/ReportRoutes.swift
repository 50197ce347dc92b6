import Foundation
import Hummingbird
import LeadDesk
import Leads

/// The campaign report of `leadmail report` in the browser: per source and campaign, leads, ratings, qualified,
/// converted and value, rejections by reason, median response times and conversion rate; each count links to
/// the leads list, and the same table is offered as CSV.
struct ReportRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/reports") { request, context in try await report(request, context) }
        router.get("/reports.csv") { request, context in try await csv(request, context) }
    }

    /// The report's query: `from` and `to` (days, both included, as `leadmail report` takes them) and `tag`.
    struct Query {
        let form: WebForm
        let from: Date?
        let until: Date?

        init(_ form: WebForm, desk: LeadDesk) {
            self.form = form
            let calendar = desk.workflow.settings.calendar
            from = form["from"].flatMap { calendar.date(of: $0) }
            until = form["to"].flatMap { day in
                calendar.date(of: day) != nil ? calendar.date(of: DashboardQuery.adding(days: 1, to: day)) : nil
            }
        }

        var string: String { PageText.query(["from", "to", "tag"].map { ($0, form[$0]) }) }

        /// The leads list for a line of the report and `extra`.
        func list(_ line: LeadReport.Line, _ extra: [(String, String?)] = []) -> String {
            let until = form["to"].map { DashboardQuery.adding(days: 1, to: $0) }
            return "/leads?"
                + PageText.query(
                    [
                        ("source", line.source), ("campaign", line.campaign), ("from", form["from"]), ("until", until),
                        ("tag", form["tag"]),
                    ] + extra + [("sort", "newest")])
        }
    }

    private func table(_ request: Request, _ context: WebContext) async throws
        -> (Query, [String], [[DashboardChart.Cell]])
    {
        let query = Query(WebForm(urlEncoded: request.uri.query ?? ""), desk: page.desk)
        let report = LeadReport(
            try await page.desk.reportedLeads(
                from: query.from, until: query.until, tag: query.form["tag"], by: try context.user))
        let reasons = Set(report.lines.flatMap(\.rejected.keys)).sorted()
        let ratings = ["A", "B", "C", "D"]
        let headers =
            ["Source", "Campaign", "Leads"] + ratings + ["Qualified", "Converted", "Value"]
            + reasons.map { "Rejected: \($0)" }
            + ["Median first reply (h)", "Median first contact (h)", "Conversion rate"]
        func hours(_ seconds: Double?) -> String { seconds.map { String(format: "%.1f", $0 / 3600) } ?? "" }
        let rows = report.lines.map { line -> [DashboardChart.Cell] in
            // The list has no "no campaign" filter: a line without one links by source only when the source is
            // all it is.
            let exact = line.campaign != nil
            func link(_ extra: [(String, String?)]) -> String? { exact ? query.list(line, extra) : nil }
            return [
                .init(text: line.source), .init(text: line.campaign ?? ""),
                .init(text: String(line.leads), href: link([])),
            ]
                + ratings.map { rating in
                    .init(text: String(line.rated[rating, default: 0]), href: link([("rating", rating)]))
                }
                + [
                    .init(text: String(line.qualified)),
                    .init(text: String(line.converted), href: link([("status", "converted")])),
                    .init(text: StatusChange.amount(line.convertedValue)),
                ]
                + reasons.map { reason in
                    .init(text: String(line.rejected[reason, default: 0]), href: link([("status", "rejected")]))
                }
                + [
                    .init(text: hours(line.medianFirstReplySeconds)),
                    .init(text: hours(line.medianFirstContactSeconds)),
                    .init(text: String(format: "%.1f%%", line.conversionRate * 100)),
                ]
        }
        return (query, headers, rows)
    }

    private func report(_ request: Request, _ context: WebContext) async throws -> Response {
        let (query, headers, rows) = try await table(request, context)
        return try page.render(
            "reports", title: "Reports", nav: "Reports",
            [
                "filters": [
                    "from": query.form["from"] ?? "", "to": query.form["to"] ?? "", "tag": query.form["tag"] ?? "",
                ],
                "headers": headers, "empty": rows.isEmpty,
                "rows": rows.map { row -> [String: Any] in
                    ["cells": row.map { cell -> [String: Any] in ["text": cell.text, "href": cell.href ?? false] }]
                },
                "csv": "/reports.csv" + (query.string.isEmpty ? "" : "?" + query.string),
            ], context: context)
    }

    private func csv(_ request: Request, _ context: WebContext) async throws -> Response {
        let (_, headers, rows) = try await table(request, context)
        var text = CSVText.line(headers)
        for row in rows { text += CSVText.line(row.map(\.text)) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"report.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
