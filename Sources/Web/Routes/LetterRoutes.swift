import Foundation
import Hummingbird
import LeadDesk
import LeadStore
import Leads

/// Writing to a lead: start from a reply template rendered for the lead (by the core, with intake's values) or
/// from free text, preview the mail exactly as it will be queued, then send it through the outbox, logged.
struct LetterRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/leads/:id/write") { request, context in
            let query = WebForm(urlEncoded: request.uri.query ?? "")
            let id = try context.parameters.require("id", as: Int64.self)
            let letter = try await page.desk.letter(from: query["template"], to: id, by: try context.user)
            return try await compose(id, letter, template: query["template"], preview: nil, context)
        }
        router.post("/leads/:id/write") { _, context in
            let user = try context.user
            let id = try context.parameters.require("id", as: Int64.self)
            let letter = Letter(subject: context.form["subject"] ?? "", text: context.form.raw("text") ?? "")
            if context.form["do"] == "send" {
                _ = try await page.desk.write(letter, to: id, by: user)
                return Response(status: .seeOther, headers: [.location: "/leads/\(id)#timeline"])
            }
            let mail = try await page.desk.preview(letter, to: id, by: user)
            return try await compose(id, letter, template: nil, preview: mail, context)
        }
    }

    private func compose(
        _ id: Int64, _ letter: Letter, template: String?, preview: OutgoingMail?, _ context: WebContext
    ) async throws -> Response {
        let detail = try await page.desk.lead(id, by: try context.user)
        let templates = await page.desk.letterTemplates().map { ["name": $0, "selected": $0 == template] }
        var data: [String: Any] = [
            "lead": PageText.listing(LeadListing(lead: detail.lead, lifecycle: detail.lifecycle)),
            "subject": letter.subject, "text": letter.text, "templates": templates,
        ]
        if let preview {
            data["preview"] = [
                "from": preview.from, "to": preview.to, "subject": preview.subject, "text": preview.text,
            ]
        }
        return try page.render("write", title: "Write to \(detail.lead.number)", nav: "Leads", data, context: context)
    }
}
