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
            let text = entry.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty {
                lines.append("")
                lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "      \($0)" }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Columns sized to their content. With a `width` (the terminal's), the widest columns are narrowed, their
    /// values cut with an ellipsis, until a row fits; without one (output to a file or a pipe) nothing is cut.
    static func table(_ rows: [[String]], width: Int? = TerminalWidth.current) -> String {
        var widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        if let width {
            let gaps = 2 * (widths.count - 1)
            // A column keeps at least its header or 8 characters, whichever is less.
            let floors = rows[0].map { min(max($0.count, 1), 8) }
            while widths.reduce(gaps, +) > width {
                let candidates = widths.indices.filter { widths[$0] > floors[$0] }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
        }
        return rows.map { row in
            zip(row, widths).map { value, width in
                let cell = value.count > width ? String(value.prefix(width - 1)) + "…" : value
                return cell + String(repeating: " ", count: width - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
