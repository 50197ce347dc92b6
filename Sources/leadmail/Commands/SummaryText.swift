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

    static func delivery(_ report: OutboxWorker.Report, transport: String) -> String {
        "Outbox: \(report.sent) sent to \(transport), \(report.retrying) waiting to retry, \(report.failed) failed."
    }
}
