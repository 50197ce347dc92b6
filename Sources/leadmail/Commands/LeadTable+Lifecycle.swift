import Foundation
import Leads

extension LeadTable {
    /// `leads list`: by score unless asked otherwise, with the owner and rating.
    static func render(_ listings: [LeadListing]) -> String {
        guard !listings.isEmpty else { return "No leads match." }
        let header = [
            "LEAD", "SCORE", "RATING", "CREATED", "NAME", "EMAIL", "COMPANY", "SOURCE", "CAMPAIGN", "STATUS",
            "OWNER",
        ]
        let rows = listings.map { item in
            let lead = item.lead
            return [
                lead.number, "\(item.lifecycle.score)", item.lifecycle.rating?.rawValue ?? "", day(lead.createdAt),
                lead.name ?? "", lead.email, lead.company ?? "", lead.source, lead.campaign ?? "",
                lead.status.rawValue, item.lifecycle.owner ?? "",
            ]
        }
        return table([header] + rows)
    }

    /// The lifecycle part of `leads show`: rating, score, owner, tags, tasks and the work log.
    static func lifecycle(_ lifecycle: LeadLifecycle, tasks: [FollowUpTask], events: [LeadEvent]) -> String {
        var lines = [
            "  Score:    \(lifecycle.score)  (leadmail leads explain for how)",
            "  Rating:   \(lifecycle.rating.map { "\($0.rawValue) — \($0.meaning)" } ?? "—")",
            "  Owner:    \(lifecycle.owner ?? "—")\(lifecycle.team.map { " (team \($0))" } ?? "")",
        ]
        if !lifecycle.tags.isEmpty { lines.append("  Tags:     \(lifecycle.tags.joined(separator: ", "))") }
        if let reason = lifecycle.rejectReason { lines.append("  Rejected: \(reason)") }
        if let value = lifecycle.value {
            let closes = lifecycle.closeDate.map { ", closes \($0)" } ?? ""
            lines.append("  Value:    \(StatusChange.amount(value))\(closes)")
        }
        if let until = lifecycle.nurtureUntil { lines.append("  Nurture until: \(until)") }
        if let remind = lifecycle.remindOn { lines.append("  Remind on: \(remind)") }
        if !tasks.isEmpty {
            lines += ["", "Tasks:"]
            for task in tasks {
                let state = task.doneAt.map { "done \(timestamp($0)) by \(task.doneBy ?? "?")" } ?? "open"
                lines.append("  \(task.id)  \(task.kind.rawValue) due \(task.due)  \(task.owner ?? "—")  \(state)")
            }
        }
        if !events.isEmpty {
            lines += ["", "Log (oldest first):"]
            lines += events.map { "  \(timestamp($0.date))  \($0.by): \($0.kind.rawValue) — \($0.text)" }
        }
        return lines.joined(separator: "\n")
    }
}
