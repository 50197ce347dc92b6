import Intake

/// The one-paragraph summaries printed at the end of `run --once` and `ingest`.
enum SummaryText {
    static func intake(_ summary: IntakeSummary) -> String {
        var parts = [
            "\(summary.total) message\(summary.total == 1 ? "" : "s"):",
            "\(summary.created) new lead\(summary.created == 1 ? "" : "s"),",
            "\(summary.attached) attached to existing leads,",
            "\(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s"),",
            "\(summary.ignored) automated or ours (no lead),",
            "\(summary.quarantined) quarantined,",
            "\(summary.repliesQueued) repl\(summary.repliesQueued == 1 ? "y" : "ies") queued",
        ]
        if summary.deferred > 0 { parts.append("— \(summary.deferred) left in new/ after errors (see the log)") }
        return parts.joined(separator: " ")
    }

    /// Each kind of waiting reply counted on its own (`OutboxWorker.Waiting`), so "0 waiting" is never said of
    /// an outbox that holds replies.
    static func delivery(_ report: OutboxWorker.Report, transport: String) -> String {
        var text = "Outbox: \(report.sent) sent to \(transport), "
        if let waiting = report.waiting {
            let due = report.rateLimitedUntil.map { "held by the hourly limit until \($0)" } ?? "due, not sent yet"
            text +=
                "\(waiting.backingOff) waiting to retry, \(waiting.due) \(due), "
                + "\(waiting.scheduled) delayed by their template, "
        } else {
            text += "\(report.retrying) waiting to retry, "
        }
        return text + "\(report.failed) failed."
    }
}
