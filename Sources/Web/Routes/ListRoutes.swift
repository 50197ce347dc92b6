import Foundation
import Hummingbird
import LeadDesk
import LeadStore
import Leads

/// The leads list: filters, search, sort and pages; the system views (My leads, Unread, Recently created,
/// Converted, Rejected) and the user's own saved views; the columns to show; the same list as CSV.
struct ListRoutes {
    let page: WebPage
    static let pageSize = 50

    func add(to router: Router<WebContext>) {
        router.get("/leads") { request, context in try await list(request, context) }
        router.get("/leads.csv") { request, context in try await csv(request, context) }
        router.post("/views") { _, context in
            let query = ListQuery(WebForm(urlEncoded: context.form.raw("query") ?? ""))
            _ = try await page.desk.saveView(
                named: context.form["name"] ?? "", query: query.string, by: try context.user)
            return Response(status: .seeOther, headers: [.location: "/leads?" + query.string])
        }
        router.post("/views/:id/delete") { _, context in
            try await page.desk.deleteView(try context.parameters.require("id", as: Int64.self), by: try context.user)
            return Response(status: .seeOther, headers: [.location: "/leads"])
        }
    }

    private func list(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try context.user
        let query = ListQuery(WebForm(urlEncoded: request.uri.query ?? ""))
        var search = query.search(for: user, desk: page.desk)
        let number = Self.pageNumber(query.form["page"])
        // One more than a page tells whether there is a next one.
        search.offset = (number - 1) * Self.pageSize
        search.limit = Self.pageSize + 1
        let found = try await page.desk.leads(search, by: user)
        let rows = Array(found.prefix(Self.pageSize))
        let columns = query.columns
        func link(_ target: Int) -> String { "/leads?" + query.with("page", String(target)) }
        let views = try await page.desk.savedViews(by: user).map { view in
            ListPageHTML.SavedView(
                id: view.id, name: view.name, href: "/leads?" + view.query, current: view.query == query.string)
        }
        let body = ListPageHTML(
            csrf: context.session?.csrfToken ?? "",
            filters: Dictionary(uniqueKeysWithValues: ListQuery.filterNames.map { ($0, query.form[$0] ?? "") }),
            systemViews: ListQuery.systemViews.map { view in
                .init(value: view.value, label: view.label, current: (query.form["view"] ?? "") == view.value)
            },
            savedViews: views, query: query.string, columns: columns, sortNewest: search.order == .newest,
            canExport: page.may(.export, context), canDelete: page.may(.delete, context),
            csv: "/leads.csv?" + query.string, rows: rows, page: number,
            previous: number > 1 ? link(number - 1) : nil,
            next: found.count > Self.pageSize ? link(number + 1) : nil,
            people: page.desk.salesPeople, rejectionReasons: page.desk.workflow.settings.rejectionReasons,
            templates: await page.desk.letterTemplates())
        return try page.render("leads", title: "Leads", nav: "Leads", ["bodyHTML": body.html()], context: context)
    }

    /// The page a `page=` field asks for, from 1; at most `lastPage`, so that no number a client sends makes the
    /// offset overflow (which would stop the server).
    static func pageNumber(_ field: String?) -> Int {
        min(lastPage, max(1, field.flatMap { Int($0) } ?? 1))
    }

    static let lastPage = 1_000_000

    /// The whole list (every page) with its chosen columns, for those with the export right.
    private func csv(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try context.user
        try page.desk.check(.export, by: user)
        let query = ListQuery(WebForm(urlEncoded: request.uri.query ?? ""))
        let columns = [ListQuery.Column(key: "number", label: "Lead")] + query.columns
        var text = CSVText.line(columns.map(\.label))
        var search = query.search(for: user, desk: page.desk)
        search.limit = 1000
        while true {
            let batch = try await page.desk.leads(search, by: user)
            for listing in batch {
                text += CSVText.line(columns.map { PageText.cell($0.key, of: listing) })
            }
            guard batch.count == 1000 else { break }
            search.offset += 1000
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"leads.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The list's query string: filters, view, sort and columns, as links and saved views keep it.
struct ListQuery {
    struct Column: Sendable {
        var key: String
        var label: String
    }

    static let filterNames = [
        "view", "status", "source", "campaign", "owner", "rating", "tag", "team", "from", "until", "q",
        "sort", "cols",
    ]
    static let allColumns: [Column] = [
        .init(key: "name", label: "Name"), .init(key: "email", label: "Email"), .init(key: "company", label: "Company"),
        .init(key: "status", label: "Status"), .init(key: "score", label: "Score"),
        .init(key: "rating", label: "Rating"),
        .init(key: "owner", label: "Owner"), .init(key: "source", label: "Source"),
        .init(key: "campaign", label: "Campaign"), .init(key: "tags", label: "Tags"),
        .init(key: "value", label: "Value"), .init(key: "created", label: "Created"),
    ]
    static let defaultColumns = ["name", "company", "status", "score", "rating", "owner", "source", "created"]
    static let systemViews: [(value: String, label: String)] = [
        ("", "All"), ("mine", "My leads"), ("unread", "Unread"), ("recent", "Recently created"),
        ("converted", "Converted"), ("rejected", "Rejected"),
    ]
    /// How far back "Recently created" looks.
    static let recentDays = 14

    let form: WebForm

    init(_ form: WebForm) { self.form = form }

    /// The filters as a query string, in a fixed order, without the page; the columns as one `cols=a,b`.
    var string: String { PageText.query(pairs) }

    func with(_ name: String, _ value: String) -> String { PageText.query(pairs + [(name, value)]) }

    private var pairs: [(String, String?)] {
        Self.filterNames.map { name in
            (name, name == "cols" ? (askedColumns.isEmpty ? nil : askedColumns.joined(separator: ",")) : form[name])
        }
    }

    /// The column keys asked for (`cols=name,company`, or several `cols` fields from the form).
    private var askedColumns: [String] {
        form.fields.filter { $0.0 == "cols" }.flatMap { $0.1.split(separator: ",") }.map(String.init)
    }

    /// The chosen columns, known ones only; the standard ones when none is asked for.
    var columns: [Column] {
        let asked = askedColumns
        let keys = asked.isEmpty ? Self.defaultColumns : asked
        let chosen = Self.allColumns.filter { keys.contains($0.key) }
        return chosen.isEmpty ? Self.allColumns.filter { Self.defaultColumns.contains($0.key) } : chosen
    }

    func search(for user: User, desk: LeadDesk) -> LeadSearch {
        var search = LeadSearch(order: form["sort"] == "newest" ? .newest : .score)
        let calendar = desk.workflow.settings.calendar
        switch form["view"] {
        case "mine": search.owner = user.email
        case "unread":
            search.owner = user.email
            search.unread = true
            search.order = .newest
        case "recent":
            search.order = .newest
            search.from = calendar.date(of: desk.today).map { $0.addingTimeInterval(-Double(Self.recentDays) * 86400) }
        case "converted": search.status = .converted
        case "rejected": search.status = .rejected
        default: break
        }
        if let status = form["status"] { search.status = LeadStatus(rawValue: status) }
        if let source = form["source"] { search.source = source }
        if let campaign = form["campaign"] { search.campaign = campaign }
        if let owner = form["owner"] { search.owner = owner }
        search.rating = form["rating"].flatMap { LeadRating(rawValue: $0.uppercased()) }
        search.tag = form["tag"]
        // The dashboard's team, carried by its bars; a name no team has finds nothing rather than everything.
        if let team = form["team"] { search.team = desk.team(named: team) ?? DashboardTeam(name: team, members: []) }
        if let from = form["from"].flatMap({ calendar.date(of: $0) }) { search.from = from }
        search.until = form["until"].flatMap { calendar.date(of: $0) }
        search.text = form["q"].flatMap(Self.searchWords)
        return search
    }

    /// People's words for the full-text index: each word a quoted prefix, so FTS syntax typed by hand or by an
    /// attacker (`"`, `*`, `NEAR`, `:`) is only ever text to look for.
    static func searchWords(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace }).prefix(8).compactMap { word -> String? in
            let clean = word.filter { $0.isLetter || $0.isNumber || "@.-_'+".contains($0) }
            guard clean.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            return "\"\(clean)\"*"
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// CSV as spreadsheets read it (RFC 4180, CRLF), with a cell a stranger wrote never read as a formula: one that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
enum CSVText {
    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
