import Foundation
import Hummingbird
import LeadDesk
import Leads

/// The team view: each person of the manager's teams with their open leads and the tasks due today and overdue;
/// a lead is reassigned from there (the lead's own assign action, back to this page), or a person's whole overdue
/// list at once (a mass assign).
struct TeamRoutes {
    let page: WebPage

    func add(to router: Router<WebContext>) {
        router.get("/team") { _, context in try await team(context) }
        router.post("/team/reassign") { _, context in try await reassign(context) }
    }

    private func team(_ context: WebContext) async throws -> Response {
        let work = try await page.desk.teamWork(by: try context.user)
        // Reassigned within the teams shown.
        var people: [SalesPerson] = []
        for person in work.map(\.person) where !people.contains(person) { people.append(person) }
        func choices(except email: String) -> [[String: String]] {
            people.filter { $0.email != email }.map { ["email": $0.email, "name": $0.name] }
        }
        return try page.render(
            "team", title: "Team", nav: "Team",
            [
                "people": work.map { person -> [String: Any] in
                    [
                        "name": person.person.name, "email": person.person.email, "team": person.team,
                        "open": String(person.openLeads), "dueToday": String(person.dueToday.count),
                        "overdueCount": String(person.overdue.count), "hasOverdue": !person.overdue.isEmpty,
                        "others": choices(except: person.person.email),
                        "overdue": person.overdue.map { task -> [String: Any] in
                            let lead = person.leads[task.leadID]
                            return [
                                "leadID": String(task.leadID), "number": lead?.number ?? "", "kind": task.kind.rawValue,
                                "name": lead.map { $0.name ?? $0.email } ?? "", "due": task.due,
                                "others": choices(except: person.person.email),
                            ]
                        },
                    ]
                },
                "empty": work.isEmpty,
            ], context: context)
    }

    /// Gives every overdue lead of one person to another, in one transaction; shows what was done and refused.
    private func reassign(_ context: WebContext) async throws -> Response {
        let user = try context.user
        let form = context.form
        guard let from = form["from"], let to = form["person"] else {
            throw HTTPError(.badRequest, message: "Choose whose overdue leads to reassign, and to whom.")
        }
        let work = try await page.desk.teamWork(by: user)
        guard let person = work.first(where: { $0.person.email == EmailAddress.normalised(from) }) else {
            throw HTTPError(.notFound, message: "\(from) is not in your teams.")
        }
        var ids: [Int64] = []
        for task in person.overdue where !ids.contains(task.leadID) { ids.append(task.leadID) }
        let outcome = try await page.desk.perform(.assign(to), on: ids, by: user)
        return try page.render(
            "mass-summary", title: "What was done", nav: "Team",
            [
                "action": "Reassigned \(person.person.name)'s overdue leads to \(to)",
                "doneCount": String(outcome.done.count), "refusedCount": String(outcome.refused.count),
                "done": outcome.done.map { lead -> [String: Any] in
                    ["id": String(lead.id), "number": lead.number, "name": lead.name ?? lead.email, "gone": false]
                },
                "refused": outcome.refused.map { refusal -> [String: Any] in
                    ["id": String(refusal.leadID), "number": refusal.number ?? "", "reason": refusal.reason]
                },
                "hasRefused": !outcome.refused.isEmpty, "back": "/team",
            ], context: context)
    }
}
