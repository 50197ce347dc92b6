import Foundation
import Hummingbird
import LeadDesk
import Leads

/// The managers' dashboard: for a date range and filters, leads per week by source and by campaign, each
/// campaign's funnel, rejection reasons, ratings, response times and overdue follow-ups. Each chart is SVG drawn
/// here, with its numbers as a table and as CSV; each bar links to the leads it counts.
struct DashboardRoutes {
    let page: WebPage
    /// How far back the dashboard looks when no range is asked for.
    static let defaultWeeks = 12

    func add(to router: Router<WebContext>) {
        router.get("/dashboard") { request, context in try await dashboard(request, context) }
        router.get("/dashboard.csv") { request, context in try await csv(request, context) }
    }

    private func dashboard(_ request: Request, _ context: WebContext) async throws -> Response {
        let query = DashboardQuery(WebForm(urlEncoded: request.uri.query ?? ""), desk: page.desk)
        let figures = try await page.desk.dashboard(query.filter, by: try context.user)
        let charts = DashboardChart.all(figures, query: query)
        return try page.render(
            "dashboard", title: "Dashboard", nav: "Dashboard",
            [
                "filters": query.fields,
                "teams": page.desk.teamNames.map { ["name": $0, "selected": $0 == query.form["team"]] },
                "charts": charts.map { chart -> [String: Any] in
                    [
                        "id": chart.id, "title": chart.title, "svg": chart.svg, "empty": chart.rows.isEmpty,
                        "emptyText": chart.emptyText,
                        "headers": chart.headers,
                        "rows": chart.rows.map { row -> [String: Any] in
                            [
                                "cells": row.map { cell -> [String: Any] in
                                    ["text": cell.text, "href": cell.href ?? false]
                                }
                            ]
                        },
                        "csv": "/dashboard.csv?" + query.with("chart", chart.id),
                    ]
                },
                "firstReply": DashboardQuery.duration(figures.medianFirstReplySeconds),
                "firstContact": DashboardQuery.duration(figures.medianFirstContactSeconds),
            ], context: context)
    }

    /// One chart's numbers as CSV, for the same filters.
    private func csv(_ request: Request, _ context: WebContext) async throws -> Response {
        let query = DashboardQuery(WebForm(urlEncoded: request.uri.query ?? ""), desk: page.desk)
        let figures = try await page.desk.dashboard(query.filter, by: try context.user)
        guard let chart = DashboardChart.all(figures, query: query).first(where: { $0.id == query.form["chart"] })
        else {
            throw HTTPError(.notFound, message: "There is no such chart on the dashboard.")
        }
        var text = CSVText.line(chart.headers)
        for row in chart.rows { text += CSVText.line(row.map(\.text)) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"dashboard-\(chart.id).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The dashboard's query string: the range and the filters.
struct DashboardQuery {
    static let names = ["from", "until", "source", "campaign", "team", "owner", "tag"]
    let form: WebForm
    let filter: LeadDesk.DashboardFilter
    /// The first day shown (the asked one, or the Monday `defaultWeeks` weeks ago).
    let from: String

    init(_ form: WebForm, desk: LeadDesk) {
        self.form = form
        let calendar = desk.workflow.settings.calendar
        let asked = form["from"].flatMap { calendar.date(of: $0) != nil ? $0 : nil }
        from = asked ?? Self.monday(weeksBefore: DashboardRoutes.defaultWeeks, desk.today)
        filter = LeadDesk.DashboardFilter(
            from: calendar.date(of: from), until: form["until"].flatMap { calendar.date(of: $0) },
            source: form["source"], campaign: form["campaign"], team: form["team"], owner: form["owner"],
            tag: form["tag"])
    }

    /// The form's values as the filter form shows them.
    var fields: [String: String] {
        var fields = Dictionary(uniqueKeysWithValues: Self.names.map { ($0, form[$0] ?? "") })
        fields["from"] = from
        return fields
    }

    private var pairs: [(String, String?)] {
        Self.names.map { ($0, $0 == "from" ? from : form[$0]) }
    }

    func with(_ name: String, _ value: String) -> String { PageText.query(pairs + [(name, value)]) }

    /// The leads list for these filters (the team's too) and `extra`.
    func list(_ extra: [(String, String?)]) -> String {
        let names = Set(extra.map(\.0))
        let kept = pairs.filter { !names.contains($0.0) }
        return "/leads?" + PageText.query(kept + extra + [("sort", "newest")])
    }

    static func monday(weeksBefore weeks: Int, _ today: String) -> String {
        guard let date = day.date(from: today) else { return today }
        let weekday = utc.component(.weekday, from: date)  // 1 = Sunday
        let back = (weekday + 5) % 7 + weeks * 7
        return day.string(from: date.addingTimeInterval(-Double(back) * 86400))
    }

    static func adding(days: Int, to text: String) -> String {
        guard let date = day.date(from: text) else { return text }
        return day.string(from: date.addingTimeInterval(Double(days) * 86400))
    }

    /// A median as people read it: "45 min", "3.5 h", "2.1 days"; "–" when there is none.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 86400 { return String(format: "%.1f h", seconds / 3600) }
        return String(format: "%.1f days", seconds / 86400)
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static let day: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}

/// A chart of the dashboard: its SVG, and the same numbers as rows of a table and of its CSV.
struct DashboardChart {
    struct Cell {
        var text: String
        var href: String?
    }

    var id: String
    var title: String
    var svg: String
    var headers: [String]
    var rows: [[Cell]]
    /// What the page says when the chart has nothing to draw.
    var emptyText = "No leads match."

    static func all(_ figures: LeadDashboard, query: DashboardQuery) -> [DashboardChart] {
        [
            weekly(
                figures.bySource, id: "by-source", title: "Leads per week by source", column: "Source",
                filter: "source",
                query: query),
            weekly(
                figures.byCampaign, id: "by-campaign", title: "Leads per week by campaign", column: "Campaign",
                filter: "campaign", query: query),
            funnel(figures.funnels, query: query),
            counts(
                figures.rejections, id: "rejections", title: "Rejection reasons", column: "Reason",
                link: { _ in [("status", "rejected")] }, query: query),
            counts(
                figures.ratings, id: "ratings", title: "Rating mix", column: "Rating",
                link: { $0.isEmpty ? nil : [("rating", $0)] }, query: query),
            counts(
                figures.overdueFollowUps, id: "overdue", title: "Overdue follow-ups per owner", column: "Owner",
                link: { $0.isEmpty ? nil : [("owner", $0)] }, query: query),
            clicks(figures.clicksByCampaign, query: query),
        ]
    }

    /// Clicks on tracked links per campaign (`tracking: true`): clicks, and how many leads clicked.
    static func clicks(_ clicks: [LeadDashboard.CampaignClicks], query: DashboardQuery) -> DashboardChart {
        let title = "Link clicks per campaign"
        func href(_ campaign: String) -> String? {
            // The list cannot ask for "no campaign"; it lists the campaign's leads of the other filters, clicked
            // or not, created at any time.
            campaign.isEmpty ? nil : query.list([("campaign", campaign), ("from", nil), ("until", nil)])
        }
        let bars = clicks.map { row in
            SVGChart.Bar(
                label: named(row.campaign),
                segments: [
                    .init(
                        value: Double(row.clicks),
                        title: "\(named(row.campaign)): \(row.clicks) clicks by \(row.leads) leads",
                        href: href(row.campaign), series: 0)
                ])
        }
        return DashboardChart(
            id: "clicks", title: title, svg: SVGChart(title: title, bars: bars).svg,
            headers: ["Campaign", "Clicks", "Leads who clicked"],
            rows: clicks.map { row in
                [
                    .init(text: named(row.campaign), href: href(row.campaign)), .init(text: String(row.clicks)),
                    .init(text: String(row.leads)),
                ]
            },
            emptyText: "No clicks on tracked links (tracking: true in leadmail.yml) for these filters.")
    }

    static func named(_ key: String) -> String { key.isEmpty ? "(none)" : key }

    static func weekly(
        _ counts: [LeadDashboard.WeekCount], id: String, title: String, column: String, filter: String,
        query: DashboardQuery
    ) -> DashboardChart {
        var keys: [String] = []
        for count in counts where !keys.contains(count.key) { keys.append(count.key) }
        keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        func href(_ count: LeadDashboard.WeekCount) -> String? {
            // The list cannot ask for "no campaign": such a stretch has no link rather than a wrong one.
            guard !count.key.isEmpty else { return nil }
            return query.list([
                ("from", count.week), ("until", DashboardQuery.adding(days: 7, to: count.week)), (filter, count.key),
            ])
        }
        var weeks: [String] = []
        for count in counts where !weeks.contains(count.week) { weeks.append(count.week) }
        let bars = weeks.map { week in
            SVGChart.Bar(
                label: week,
                segments: counts.filter { $0.week == week }.map { count in
                    SVGChart.Segment(
                        value: Double(count.count), title: "\(week) · \(named(count.key)): \(count.count) leads",
                        href: href(count), series: keys.firstIndex(of: count.key) ?? 0)
                })
        }
        return DashboardChart(
            id: id, title: title, svg: SVGChart(title: title, bars: bars, legend: keys.map(named)).svg,
            headers: ["Week", column, "Leads"],
            rows: counts.map { count in
                [
                    .init(text: count.week), .init(text: named(count.key)),
                    .init(text: String(count.count), href: href(count)),
                ]
            })
    }

    static func funnel(_ funnels: [LeadDashboard.Funnel], query: DashboardQuery) -> DashboardChart {
        let stages: [(name: String, status: String?, count: (LeadDashboard.Funnel) -> Int)] = [
            ("new", nil, \.leads), ("contacted", nil, \.contacted), ("qualified", "qualified", \.qualified),
            ("converted", "converted", \.converted),
        ]
        func href(_ funnel: LeadDashboard.Funnel, _ status: String?, stage: String) -> String? {
            // "Contacted" is every lead that got that far, which no one status of the list shows.
            guard !funnel.campaign.isEmpty, stage != "contacted" else { return nil }
            return query.list([("campaign", funnel.campaign), ("status", status)])
        }
        var bars: [SVGChart.Bar] = []
        for funnel in funnels {
            for (index, stage) in stages.enumerated() {
                let count = stage.count(funnel)
                bars.append(
                    SVGChart.Bar(
                        label: "\(named(funnel.campaign)) · \(stage.name)",
                        segments: [
                            .init(
                                value: Double(count), title: "\(named(funnel.campaign)) · \(stage.name): \(count)",
                                href: href(funnel, stage.status, stage: stage.name), series: index)
                        ]))
            }
        }
        let title = "Funnel per campaign: new → contacted → qualified → converted"
        return DashboardChart(
            id: "funnel", title: title,
            svg: SVGChart(title: title, bars: bars, legend: stages.map(\.name)).svg,
            headers: ["Campaign", "Leads", "Contacted", "Qualified", "Converted", "Conversion rate", "Value"],
            rows: funnels.map { funnel in
                [
                    .init(text: named(funnel.campaign), href: href(funnel, nil, stage: "new")),
                    .init(text: String(funnel.leads)), .init(text: String(funnel.contacted)),
                    .init(text: String(funnel.qualified)),
                    .init(text: String(funnel.converted), href: href(funnel, "converted", stage: "converted")),
                    .init(text: String(format: "%.1f%%", funnel.conversionRate * 100)),
                    .init(text: PageText.amount(funnel.convertedValue)),
                ]
            })
    }

    static func counts(
        _ counts: [LeadDashboard.Count], id: String, title: String, column: String,
        link: (String) -> [(String, String?)]?, query: DashboardQuery
    ) -> DashboardChart {
        let hrefs = counts.map { link($0.key).map(query.list) }
        let bars = zip(counts, hrefs).map { count, href in
            SVGChart.Bar(
                label: named(count.key),
                segments: [
                    .init(
                        value: Double(count.count), title: "\(named(count.key)): \(count.count)", href: href, series: 0)
                ])
        }
        return DashboardChart(
            id: id, title: title, svg: SVGChart(title: title, bars: bars).svg, headers: [column, "Leads"],
            rows: zip(counts, hrefs).map { count, href in
                [.init(text: named(count.key)), .init(text: String(count.count), href: href)]
            })
    }
}
