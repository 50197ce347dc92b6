import Foundation
import Hummingbird
import LeadDesk
import LeadStore
import Leads

/// The leads list and the lead page with its action forms. Every call goes to `LeadDesk` with the signed-in
/// user, which checks the right and the lead's scope; the pages show only the forms the role may use.
struct LeadRoutes {
    let page: WebPage
    static let pageSize = 50

    func add(to router: Router<WebContext>) {
        router.get("/leads/:id") { request, context in try await lead(request, context) }
        router.get("/leads/:id/duplicates") { _, context in try await duplicates(context) }
        router.post("/leads/:id/:action") { _, context in try await act(context) }
        router.post("/tasks/:id/done") { _, context in
            let id = try context.parameters.require("id", as: Int64.self)
            let task = try await page.desk.completeTask(id, note: context.form["note"], by: try context.user)
            return WebPage.redirect(context.form, default: "/leads/\(task.leadID)")
        }
    }

    // MARK: The lead page

    private func lead(_ request: Request, _ context: WebContext) async throws -> Response {
        let user = try context.user
        let id = try context.parameters.require("id", as: Int64.self)
        let detail = try await page.desk.open(id, by: user)
        let (_, score) = try await page.desk.explainScore(id, by: user)
        let newestFirst = WebForm(urlEncoded: request.uri.query ?? "")["order"] == "newest"
        let lead = detail.lead
        let settings = page.desk.workflow.settings
        let canEdit = page.may(.edit, context)
        let body = LeadPageHTML(
            detail: detail, score: score, csrf: context.session?.csrfToken ?? "", newestFirst: newestFirst,
            today: page.desk.today, canEdit: canEdit, canAssign: page.may(.assign, context),
            canMerge: page.may(.merge, context), rejectionReasons: settings.rejectionReasons,
            people: settings.teams.flatMap(\.members), letterTemplates: canEdit ? await page.desk.letterTemplates() : []
        )
        return try page.render(
            "lead", title: "\(lead.number) \(lead.name ?? lead.email)", nav: "Leads", ["bodyHTML": body.html()],
            context: context)
    }

    // MARK: Duplicates

    /// The leads that may be the same person as this one (the core's duplicate rules, within the user's scope),
    /// each with a form to merge it into this lead. A page of its own: the rules compare every lead.
    private func duplicates(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let id = try context.parameters.require("id", as: Int64.self)
        let detail = try await page.desk.lead(id, by: user)
        let pairs = try await page.desk.possibleDuplicates(by: user).compactMap { pair -> [String: Any]? in
            let other = pair.first.id == id ? pair.second : pair.second.id == id ? pair.first : nil
            guard let other else { return nil }
            return [
                "id": String(other.id), "number": other.number, "name": other.name ?? other.email,
                "email": other.email, "company": other.company ?? "", "status": other.status.rawValue,
                "why": pair.reason, "keep": String(id), "keepNumber": detail.lead.number,
            ]
        }
        return try page.render(
            "duplicates", title: "Duplicates of \(detail.lead.number)", nav: "Leads",
            [
                "lead": PageText.listing(LeadListing(lead: detail.lead, lifecycle: detail.lifecycle)),
                "pairs": pairs, "noPairs": pairs.isEmpty,
            ], context: context)
    }

    // MARK: Actions

    private func act(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let id = try context.parameters.require("id", as: Int64.self)
        let form = context.form
        let desk = page.desk
        switch try context.parameters.require("action") {
        case "note":
            try await desk.addNote(id, text: try Self.required(form, "text", "the note"), by: user)
        case "call":
            try await desk.addNote(
                id, text: try Self.required(form, "text", "what the call was about"),
                isCall: true, by: user)
        case "status":
            guard let status = form["status"].flatMap(LeadStatus.init(rawValue:)) else {
                throw HTTPError(.badRequest, message: "Choose the status to move the lead to.")
            }
            var value: Double?
            if let text = form["value"] {
                guard let number = Double(text.replacingOccurrences(of: ",", with: "")) else {
                    throw HTTPError(.badRequest, message: "'\(text)' is not an amount; write e.g. 12000 or 12000.50.")
                }
                value = number
            }
            let change = StatusChange(
                status: status, reason: form["reason"], value: value,
                closeDate: try form["closeDate"].map { try desk.day($0) },
                until: try form["until"].map { try desk.day($0) })
            _ = try await desk.changeStatus(id, to: change, by: user)
        case "rate":
            guard let rating = form["rating"].flatMap({ LeadRating(rawValue: $0.uppercased()) }) else {
                throw HTTPError(.badRequest, message: "Choose a rating: A, B or C.")
            }
            try await desk.rate(id, rating, by: user)
        case "tag":
            let tags = try Self.required(form, "tags", "the tags").split(separator: ",").map(String.init)
            _ = try await desk.tag(id, with: tags, by: user)
        case "untag":
            _ = try await desk.untag(id, [try Self.required(form, "tag", "the tag")], by: user)
        case "task":
            let kind = form["kind"].flatMap(FollowUpTask.Kind.init(rawValue:)) ?? .call
            _ = try await desk.addTask(id, kind: kind, due: try desk.day(form["due"] ?? "today"), by: user)
        case "remind":
            try await desk.remind(id, on: try desk.day(try Self.required(form, "day", "the day")), by: user)
        case "merge":
            guard let other = form["other"].flatMap(Int64.init) else {
                throw HTTPError(.badRequest, message: "Choose the lead to merge into this one.")
            }
            try await desk.merge(other, into: id, by: user)
        case "assign":
            _ = try await desk.assign(id, to: try Self.required(form, "person", "who to assign it to"), by: user)
        case "contact":
            try await desk.editContact(
                id,
                LeadUpdate.ContactEdit(
                    name: form.raw("name"), phone: form.raw("phone"),
                    company: form.raw("company")), by: user)
        default:
            throw HTTPError(.notFound, message: "There is no such action on a lead.")
        }
        return WebPage.redirect(form, default: "/leads/\(id)")
    }

    private static func required(_ form: WebForm, _ name: String, _ what: String) throws -> String {
        guard let value = form[name] else { throw HTTPError(.badRequest, message: "Give \(what).") }
        return value
    }
}
