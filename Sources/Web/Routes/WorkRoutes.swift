import Foundation
import Hummingbird
import LeadDesk
import LeadStore
import Leads

/// My work (the landing page) and the pipeline board.
struct WorkRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/") { request, context in try await myWork(request, context) }
        router.get("/pipeline") { _, context in try await pipeline(context) }
    }

    /// How many tasks My work shows at once; the counts in its heading are of all of them, and the rest are on the
    /// next pages (`/?page=2`).
    static let tasksPerPage = 50

    /// Open tasks due today and overdue (overdue first, a page at a time, counted in the heading), reminders come
    /// due, and the unassigned leads the user may take.
    private func myWork(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try context.user
        let desk = page.desk
        let number = ListRoutes.pageNumber(WebForm(urlEncoded: request.uri.query ?? "")["page"])
        let work = try await desk.workList(
            owner: user.email,
            page: LeadDesk.TaskPage(offset: (number - 1) * Self.tasksPerPage, limit: Self.tasksPerPage), by: user)
        var open = LeadSearch(order: .newest, limit: 50)
        open.unassigned = true
        open.openOnly = true
        let unassigned = try await desk.leads(open, by: user)
        var unreadSearch = LeadSearch(owner: user.email, order: .newest, limit: 50)
        unreadSearch.unread = true
        let unread = try await desk.leads(unreadSearch, by: user)
        let body = WorkPageHTML(
            work: work, page: number, perPage: Self.tasksPerPage, unread: unread, unassigned: unassigned,
            canEdit: page.may(.edit, context),
            csrf: context.session?.csrfToken ?? "")
        return try page.render("work", title: "My work", nav: "Work", ["bodyHTML": body.html()], context: context)
    }

    private func pipeline(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let desk = page.desk
        let now = Date()
        let canEdit = page.may(.edit, context)
        let reasons = desk.workflow.settings.rejectionReasons.map { ["reason": $0] }
        let columns = try await desk.pipeline(cards: 30, by: user).map { column -> [String: Any] in
            [
                "status": column.status.rawValue, "count": String(column.count),
                "value": PageText.amount(column.value), "hasValue": column.value > 0,
                "more": column.count > column.cards.count ? String(column.count - column.cards.count) : false,
                "cards": column.cards.map { listing -> [String: Any] in
                    var card = PageText.listing(listing)
                    card["age"] = PageText.age(listing.lead.createdAt, now: now)
                    card["canMove"] = canEdit && listing.lead.status.isOpen
                    card["moves"] = LeadStatus.allCases.filter { listing.lead.status.canMove(to: $0) }
                        .map { ["value": $0.rawValue] }
                    card["reasons"] = reasons
                    return card
                },
            ]
        }
        return try page.render(
            "pipeline", title: "Pipeline", nav: "Pipeline", ["columns": columns],
            context: context)
    }
}
