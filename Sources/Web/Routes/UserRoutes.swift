import Foundation
import Hummingbird
import LeadDesk
import Leads

/// Administrators' page of users: add one, change a role or team, disable or enable, reset a password. Each
/// form makes one `LeadDesk` call, which checks the `users` right (and keeps the last administrator).
struct UserRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/admin/users") { request, context in
            try await list(changed: WebForm(urlEncoded: request.uri.query ?? "")["changed"], context)
        }
        router.post("/admin/users") { _, context in
            let form = context.form
            let role = try Self.role(form)
            let user = try await page.desk.addUser(
                email: try Self.required(form, "email", "the address"),
                name: try Self.required(form, "name", "the name"),
                role: role, team: form["team"], password: form.raw("password") ?? "", by: try context.user)
            return Self.back(to: user.email)
        }
        router.post("/admin/users/update") { _, context in
            let form = context.form
            let email = try Self.required(form, "email", "the user")
            let team: String?? = form.raw("team") == nil ? .none : .some(form["team"])
            let disabled = form["disabled"].map { $0 == "yes" }
            let user = try await page.desk.updateUser(
                email, role: try form["role"].map { _ in try Self.role(form) }, team: team, disabled: disabled,
                by: try context.user)
            return Self.back(to: user.email)
        }
        router.post("/admin/users/password") { _, context in
            let form = context.form
            let email = try Self.required(form, "email", "the user")
            try await page.desk.setPassword(form.raw("password") ?? "", for: email, by: try context.user)
            return Self.back(to: email)
        }
    }

    private func list(changed: String?, _ context: WebContext) async throws -> Response {
        let users = try await page.desk.users(by: try context.user)
        let teams = page.desk.workflow.settings.teams.map(\.name)
        let rows: [[String: Any]] = users.map { user in
            [
                "email": user.email, "name": user.name, "role": user.role.rawValue, "team": user.team ?? "",
                "disabled": user.isDisabled, "changed": user.email == changed,
                "roles": Role.allCases.map { ["value": $0.rawValue, "selected": $0 == user.role] },
                "teams": teams.map { ["value": $0, "selected": $0 == user.team] },
            ]
        }
        return try page.render(
            "users", title: "Users", nav: "Users",
            [
                "users": rows, "roles": Role.allCases.map { ["value": $0.rawValue] },
                "teams": teams.map { ["value": $0] }, "minimum": LeadDesk.minimumPasswordLength,
            ], context: context)
    }

    static func role(_ form: WebForm) throws -> Role {
        guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: "Choose a role: admin, manager, sales or marketing.")
        }
        return role
    }

    static func required(_ form: WebForm, _ name: String, _ what: String) throws -> String {
        guard let value = form[name] else { throw HTTPError(.badRequest, message: "Give \(what).") }
        return value
    }

    /// Back to the list, at the user's row (which shows the change).
    static func back(to email: String) -> Response {
        Response(status: .seeOther, headers: [.location: "/admin/users?" + PageText.query([("changed", email)])])
    }
}
