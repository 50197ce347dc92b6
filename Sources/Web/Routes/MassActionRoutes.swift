import Foundation
import Hummingbird
import LeadDesk
import Leads

/// Mass actions on a list's selection: the leads list is a form whose rows have checkboxes (no JavaScript
/// needed); one post runs one `LeadDesk.perform` (one transaction) and shows what was done and what was refused.
/// Export answers with the selection as CSV; delete asks for confirmation first.
struct MassActionRoutes {
    let page: WebPage
    /// The most leads one action takes (a page of the list is 50).
    static let limit = 500

    func add(to router: Router<WebContext>) {
        router.post("/leads/mass") { _, context in try await mass(context) }
    }

    private func mass(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let form = context.form
        let ids = form.fields.filter { $0.0 == "lead" }.compactMap { Int64($0.1) }
        guard !ids.isEmpty else {
            throw HTTPError(.badRequest, message: "Select at least one lead (the boxes on the left of the list).")
        }
        guard ids.count <= Self.limit else {
            throw HTTPError(.badRequest, message: "Select at most \(Self.limit) leads for one action.")
        }
        let action: LeadDesk.MassAction
        switch form["do"] {
        case "export": return try await export(ids, user: user)
        case "assign": action = .assign(try Self.required(form, "person", "who to assign the leads to"))
        case "tag": action = .tag(Self.tags(try Self.required(form, "tags", "the tags to add")))
        case "untag": action = .untag(Self.tags(try Self.required(form, "tags", "the tags to take off")))
        case "status":
            guard let status = form["status"].flatMap(LeadStatus.init(rawValue:)) else {
                throw HTTPError(.badRequest, message: "Choose the status to move the leads to.")
            }
            var value: Double?
            if let text = form["value"] {
                guard let number = Double(text.replacingOccurrences(of: ",", with: "")) else {
                    throw HTTPError(.badRequest, message: "'\(text)' is not an amount; write e.g. 12000 or 12000.50.")
                }
                value = number
            }
            action = .status(StatusChange(status: status, reason: form["reason"], value: value))
        case "letter": action = .letter(template: try Self.required(form, "template", "the template to send"))
        case "delete":
            guard form["confirm"] == "yes" else { return try await confirmDelete(ids, context) }
            action = .delete
        default:
            throw HTTPError(.badRequest, message: "Choose what to do with the selected leads.")
        }
        let outcome = try await page.desk.perform(action, on: ids, by: user)
        return try page.render(
            "mass-summary", title: "What was done", nav: "Leads",
            [
                "action": Self.describe(action), "doneCount": String(outcome.done.count),
                "refusedCount": String(outcome.refused.count),
                "done": outcome.done.map { lead -> [String: Any] in
                    [
                        "id": String(lead.id), "number": lead.number, "name": lead.name ?? lead.email,
                        "gone": action == .delete,
                    ]
                },
                "refused": outcome.refused.map { refusal -> [String: Any] in
                    [
                        "id": String(refusal.leadID), "number": refusal.number ?? "#\(refusal.leadID)",
                        "reason": refusal.reason,
                    ]
                },
                "hasRefused": !outcome.refused.isEmpty, "back": Self.back(form),
            ], context: context)
    }

    /// Deleting asks first: the leads, and a form that posts the same selection with `confirm=yes`.
    private func confirmDelete(_ ids: [Int64], _ context: WebContext) async throws -> Response {
        let user = try context.user
        try page.desk.check(.delete, by: user)
        var leads: [[String: Any]] = []
        for id in ids {
            guard let detail = try? await page.desk.lead(id, by: user) else { continue }
            leads.append(PageText.listing(LeadListing(lead: detail.lead, lifecycle: detail.lifecycle)))
        }
        return try page.render(
            "mass-confirm", title: "Delete leads?", nav: "Leads",
            ["leads": leads, "count": String(leads.count), "back": Self.back(context.form)], context: context)
    }

    /// The selection as CSV (the list's standard columns), for those with the export right.
    private func export(_ ids: [Int64], user: User) async throws -> Response {
        try page.desk.check(.export, by: user)
        let columns = [ListQuery.Column(key: "number", label: "Lead")] + ListQuery(WebForm()).columns
        var text = CSVText.line(columns.map(\.label))
        for id in ids {
            // A lead out of reach or gone is left out, as the list leaves it out.
            guard let detail = try? await page.desk.lead(id, by: user) else { continue }
            let listing = LeadListing(lead: detail.lead, lifecycle: detail.lifecycle)
            text += CSVText.line(columns.map { PageText.cell($0.key, of: listing) })
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"selection.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func describe(_ action: LeadDesk.MassAction) -> String {
        switch action {
        case .assign(let person): "Assigned to \(person)"
        case .tag(let tags): "Tagged " + tags.joined(separator: ", ")
        case .untag(let tags): "Took off the tags " + tags.joined(separator: ", ")
        case .status(let change): "Moved to \(change.status.rawValue)"
        case .letter(let template): "Wrote from the template \(template)"
        case .delete: "Deleted"
        }
    }

    static func tags(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The list the selection came from (only a path of this site), for the way back.
    static func back(_ form: WebForm) -> String {
        WebPage.redirect(form, default: "/leads").headers[.location] ?? "/leads"
    }

    static func required(_ form: WebForm, _ name: String, _ what: String) throws -> String {
        guard let value = form[name] else { throw HTTPError(.badRequest, message: "Give \(what).") }
        return value
    }
}
