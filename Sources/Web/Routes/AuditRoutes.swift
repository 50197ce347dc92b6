import Foundation
import Hummingbird
import LeadDesk
import LeadStore
import Leads

/// The administrators' audit list: the leads' logs and the sign-ins, newest first, by person and day range, a
/// page at a time. `LeadDesk.audit` checks the `users` right.
struct AuditRoutes {
    let page: WebPage
    static let pageSize = 50

    func add(to router: Router<WebContext>) {
        router.get("/admin/audit") { request, context in
            let query = WebForm(urlEncoded: request.uri.query ?? "")
            let desk = page.desk
            let calendar = desk.workflow.settings.calendar
            func day(_ name: String) throws -> Date? {
                guard let text = query[name] else { return nil }
                guard let date = calendar.date(of: text) else {
                    throw HTTPError(.badRequest, message: "'\(text)' is not a day; write it as 2026-12-01.")
                }
                return date
            }
            let number = max(1, query["page"].flatMap(Int.init) ?? 1)
            let until = try day("until").map { $0.addingTimeInterval(86400) }
            let entries = try await desk.audit(
                AuditQuery(
                    person: query["person"], from: try day("from"), until: until, limit: Self.pageSize + 1,
                    offset: (number - 1) * Self.pageSize), by: try context.user)
            let filters: [(String, String?)] = [
                ("person", query["person"]), ("from", query["from"]), ("until", query["until"]),
            ]
            return try page.render(
                "audit", title: "Audit", nav: "Audit",
                [
                    "entries": entries.prefix(Self.pageSize).map(Self.row),
                    "person": query["person"] ?? "", "from": query["from"] ?? "", "until": query["until"] ?? "",
                    "previous": PageText.shown(
                        number > 1 ? PageText.query(filters + [("page", String(number - 1))]) : nil),
                    "next": PageText.shown(
                        entries.count > Self.pageSize ? PageText.query(filters + [("page", String(number + 1))]) : nil),
                ], context: context)
        }
    }

    static func row(_ entry: AuditEntry) -> [String: Any] {
        let what: String
        let kindClass: String
        switch entry.kind {
        case .lead(let kind):
            what = kind.rawValue
            kindClass = "lead-event"
        case .signIn:
            what = "signed in"
            kindClass = "sign-in"
        case .failedSignIn:
            what = "sign-in refused"
            kindClass = "failed-sign-in"
        }
        return [
            "date": PageText.dateTime(entry.date), "by": entry.by, "what": what, "kindClass": kindClass,
            "text": entry.text, "leadID": PageText.shown(entry.leadID.map { String($0) }),
        ]
    }
}
