import Foundation
import Leads

/// Plain-text tables for a terminal: columns sized to their content, long values cut with an ellipsis.
enum LeadTable {
    static func render(_ leads: [Lead]) -> String {
        guard !leads.isEmpty else { return "No leads yet." }
        let header = ["LEAD", "CREATED", "NAME", "EMAIL", "COMPANY", "SOURCE", "CAMPAIGN", "STATUS"]
        let rows = leads.map { lead in
            [
                lead.number, day(lead.createdAt), lead.name ?? "", lead.email, lead.company ?? "", lead.source,
                lead.campaign ?? "", lead.status.rawValue,
            ]
        }
        return table([header] + rows)
    }

    static func detail(_ lead: Lead, log: [Communication]) -> String {
        var lines = [
            "Lead \(lead.number) — \(lead.status.rawValue)",
            "  Name:     \(lead.name ?? "—")",
            "  Email:    \(lead.email)",
            "  Phone:    \(lead.phone ?? "—")",
            "  Company:  \(lead.company ?? "—")",
            "  Source:   \(lead.source)\(lead.campaign.map { " (campaign \($0))" } ?? "")",
            "  Created:  \(timestamp(lead.createdAt))",
            "",
            "Enquiry:",
        ]
        lines += lead.enquiry.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
        lines += ["", "Communications (oldest first):"]
        for entry in log {
            let arrow = entry.direction == .inbound ? "←" : "→"
            var status = entry.status.rawValue
            if let detail = entry.detail { status += " (\(detail))" }
            lines.append(
                "  \(arrow) \(timestamp(entry.date))  \(entry.direction.rawValue) \(entry.kind.rawValue), \(status)")
            lines.append("      From: \(entry.from)")
            lines.append("      To: \(entry.to)")
            lines.append("      Subject: \(entry.subject ?? "")")
            lines.append("      Message-ID: <\(entry.messageID ?? "")>")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ rows: [[String]], maxWidth: Int = 32) -> String {
        let cut = rows.map { $0.map { $0.count > maxWidth ? String($0.prefix(maxWidth - 1)) + "…" : $0 } }
        let widths = (0..<cut[0].count).map { column in cut.map { $0[column].count }.max() ?? 0 }
        return cut.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
