import Foundation
import Hummingbird
import LeadDesk
import Leads
import NIOCore
import Templates

/// Marketing's pages for the reply templates: the list by source, campaign and language; an editor per file whose
/// Check and Save buttons post the text (a small script also checks as one types); a preview for a lead or a
/// pasted email; which template an email gets; a test sent to oneself; versions to view and restore. Every call
/// goes to `LeadDesk` with the signed-in user, which checks the `templates` right.
struct TemplateRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/templates") { _, context in try await list(which: nil, email: "", context) }
        router.post("/templates/which") { _, context in
            let email = context.form.raw("email") ?? ""
            guard !email.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw HTTPError(
                    .badRequest, message: "Paste an email, headers and text, to see which template it gets.")
            }
            let preview = try await page.desk.whichTemplate(forEmail: email, by: try context.user)
            return try await list(which: preview, email: email, context)
        }
        router.get("/templates/edit") { request, context in
            let query = WebForm(urlEncoded: request.uri.query ?? "")
            let name = try Self.name(query)
            let user = try context.user
            if let version = query["version"] {
                let text = try page.desk.templateText(name, version: version, by: user)
                return try editor(Editing(name: name, text: text, version: version), context)
            }
            var editing = Editing(name: name, text: try page.desk.templateText(name, by: user))
            if query["saved"] != nil { editing.notice = "Saved. The service takes the new text at its next reload." }
            return try editor(editing, context)
        }
        router.post("/templates/edit") { _, context in try await post(context) }
        router.post("/templates/check") { _, context in
            let name = try Self.name(context.form)
            let problems = try page.desk.checkTemplate(name, text: context.form.raw("text") ?? "", by: try context.user)
            return Self.json(["problems": problems.map(Self.problem)])
        }
        router.post("/templates/restore") { _, context in
            let name = try Self.name(context.form)
            guard let version = context.form["version"] else {
                throw HTTPError(.badRequest, message: "Choose the version to restore.")
            }
            try page.desk.restoreTemplate(name, version: version, by: try context.user)
            return Self.redirect(to: name, ["saved": "1"])
        }
    }

    // MARK: The list

    private func list(which: TemplatePreview?, email: String, _ context: WebContext) async throws -> Response {
        let files = try page.desk.templateFiles(by: try context.user)
        let rows: [[String: Any]] = files.map { file in
            [
                "name": file.name, "kind": file.kind.rawValue,
                "href": "/templates/edit?" + PageText.query([("name", file.name)]),
                "sources": file.sources.joined(separator: ", "), "campaigns": file.campaigns.joined(separator: ", "),
                "languages": file.languages.joined(separator: ", "),
            ]
        }
        var data: [String: Any] = [
            "replies": rows.filter { $0["kind"] as? String == "reply" },
            "notifications": rows.filter { $0["kind"] as? String == "notification" },
            "partials": rows.filter { $0["kind"] as? String == "partial" },
            "email": email,
        ]
        if let which { data["which"] = Self.shown(which) }
        return try page.render("templates", title: "Templates", nav: "Templates", data, context: context)
    }

    // MARK: The editor

    /// What the editor page shows: the text being edited and what was asked of it.
    struct Editing {
        var name: String
        var text: String
        /// Set when an earlier version is being looked at (read-only, with a Restore button).
        var version: String?
        var problems: [TemplateProblem]?
        var preview: TemplatePreview?
        var notice: String?
        var lead = ""
        var email = ""
    }

    private func post(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let form = context.form
        let name = try Self.name(form)
        var editing = Editing(name: name, text: form.raw("text") ?? "")
        editing.lead = form["lead"] ?? ""
        editing.email = form.raw("email") ?? ""
        let desk = page.desk
        do {
            switch form["do"] ?? "check" {
            case "check":
                editing.problems = try desk.checkTemplate(name, text: editing.text, by: user)
            case "save":
                try desk.saveTemplate(name, text: editing.text, by: user)
                return Self.redirect(to: name, ["saved": "1"])
            case "preview":
                editing.preview = try await desk.previewTemplate(
                    name, text: editing.text, for: try Self.sample(form), by: user)
            case "test":
                guard let lead = form["lead"] else {
                    throw HTTPError(.badRequest, message: "Give a lead number to render the test for, e.g. L12.")
                }
                let queued = try await desk.sendTemplateTest(
                    name, text: editing.text, forLead: try Self.leadID(lead), by: user)
                editing.notice = "A test was queued to \(queued.mail.to); it leaves with the next outbox run."
            default:
                throw HTTPError(.badRequest, message: "Choose Check, Save, Preview or Send a test.")
            }
        } catch TemplateEditError.problems(let problems) {
            editing.problems = problems
            return try editor(editing, context, status: .unprocessableContent)
        }
        return try editor(editing, context)
    }

    private func editor(_ editing: Editing, _ context: WebContext, status: HTTPResponse.Status = .ok) throws
        -> Response
    {
        let user = try context.user
        let versions = try page.desk.templateVersions(editing.name, by: user).map { version -> [String: Any] in
            [
                "id": version.id, "by": version.savedBy, "at": PageText.dateTime(version.savedAt),
                "href": "/templates/edit?" + PageText.query([("name", editing.name), ("version", version.id)]),
                "current": version.id == editing.version,
            ]
        }
        var data: [String: Any] = [
            "name": editing.name, "text": editing.text, "versions": versions, "hasVersions": !versions.isEmpty,
            "lead": editing.lead, "email": editing.email, "isReply": !editing.name.hasPrefix("partials/"),
        ]
        if let version = editing.version {
            data["viewing"] = ["version": version]
        } else {
            data["editable"] = true
        }
        if let notice = editing.notice { data["notice"] = notice }
        if let problems = editing.problems {
            data["checked"] = true
            data["problems"] = problems.map(Self.problem)
            data["clean"] = problems.isEmpty
        }
        if let preview = editing.preview { data["preview"] = Self.shown(preview) }
        return try page.render(
            "template-edit", title: "Template \(editing.name)", nav: "Templates", data, context: context,
            status: status)
    }

    // MARK: Values

    static func problem(_ problem: TemplateProblem) -> [String: Any] {
        var shown: [String: Any] = [
            "file": problem.file, "line": problem.line, "message": problem.message,
            "description": problem.description,
        ]
        if let column = problem.column { shown["column"] = column }
        return shown
    }

    static func shown(_ preview: TemplatePreview) -> [String: Any] {
        [
            "source": preview.source, "campaign": preview.campaign ?? "", "language": preview.language ?? "unknown",
            "languageReason": preview.languageReason, "template": preview.templateName ?? "none",
            "why": preview.why ?? "", "noReply": PageText.shown(preview.noReply), "from": preview.from ?? "",
            "to": preview.to ?? "", "subject": preview.subject ?? "", "text": preview.text ?? "",
            "html": PageText.shown(preview.html), "rendered": preview.subject != nil,
        ]
    }

    /// The file name from a form or query; the core refuses any that is not the folder's own layout.
    static func name(_ form: WebForm) throws -> String {
        guard let name = form["name"] else { throw HTTPError(.badRequest, message: "Choose a template file.") }
        return name
    }

    static func sample(_ form: WebForm) throws -> LeadDesk.PreviewSample {
        if let lead = form["lead"] { return .lead(try leadID(lead)) }
        if let email = form.raw("email"), !email.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .email(email)
        }
        throw HTTPError(.badRequest, message: "Give a lead number (e.g. L12) or paste an email to preview for.")
    }

    /// `12` or `L12`.
    static func leadID(_ text: String) throws -> Int64 {
        let digits = text.uppercased().hasPrefix("L") ? String(text.dropFirst()) : text
        guard let id = Int64(digits), id > 0 else {
            throw HTTPError(.badRequest, message: "'\(text)' is not a lead number; write e.g. L12.")
        }
        return id
    }

    static func redirect(to name: String, _ extra: [String: String] = [:]) -> Response {
        let query = PageText.query([("name", name)] + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        return Response(status: .seeOther, headers: [.location: "/templates/edit?" + query])
    }

    static func json(_ value: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
