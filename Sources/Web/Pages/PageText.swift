import Foundation
import LeadStore
import Leads
import MIME

/// How values read on the pages: dates in UTC to the minute, money without a useless `.0`.
enum PageText {
    /// By arithmetic (`CivilCalendar`): a list page shows fifty of these, and `Calendar` on Linux goes through ICU.
    static func dateTime(_ date: Date) -> String {
        let minutes = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        let days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let inDay = minutes - days * 1440
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        func put(_ value: Int, at end: Int, digits: Int) {
            var value = value
            for position in stride(from: end, to: end - digits, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        guard (0...9999).contains(year) else { return "" }
        put(year, at: 3, digits: 4)
        text[4] = UInt8(ascii: "-")
        put(month, at: 6, digits: 2)
        text[7] = UInt8(ascii: "-")
        put(day, at: 9, digits: 2)
        text[10] = UInt8(ascii: " ")
        put(inDay / 60, at: 12, digits: 2)
        text[13] = UInt8(ascii: ":")
        put(inDay % 60, at: 15, digits: 2)
        return String(decoding: text, as: UTF8.self)
    }

    static func day(_ date: Date) -> String { String(dateTime(date).prefix(10)) }

    /// A file's size as people read it: bytes, KB or MB (1024s), one decimal below 10.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return (value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))) + " " + units[unit]
    }

    static func amount(_ value: Double?) -> String { value.map(StatusChange.amount) ?? "" }

    /// A value for a `{{#name}}…{{/name}}` section: Mustache shows an empty string's section, `false`'s not.
    static func shown(_ text: String?) -> Any {
        guard let text, !text.isEmpty else { return false }
        return text
    }

    /// Whole days from `date` to `now`.
    static func age(_ date: Date, now: Date) -> String {
        let days = max(0, Int(now.timeIntervalSince(date) / 86400))
        return days == 1 ? "1 day" : "\(days) days"
    }

    /// A query string of the non-empty values, percent-encoded.
    static func query(_ pairs: [(String, String?)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The row of a lead in a list.
    static func listing(_ listing: LeadListing) -> [String: Any] {
        let lead = listing.lead
        let life = listing.lifecycle
        return [
            "id": String(lead.id), "number": lead.number, "name": lead.name ?? lead.email, "email": lead.email,
            "company": lead.company ?? "", "status": lead.status.rawValue, "source": lead.source,
            "campaign": lead.campaign ?? "", "owner": life.owner ?? "unassigned", "score": String(life.score),
            "rating": life.rating?.rawValue ?? "", "tags": life.tags.joined(separator: ", "),
            "subject": lead.subject ?? "", "created": dateTime(lead.createdAt),
            "value": shown(life.value.map(StatusChange.amount)),
        ]
    }

    /// One column's text for a lead (empty for a key no column has): a list page writes fifty rows of the chosen
    /// columns only, without a dictionary of every column per row.
    static func cell(_ key: String, of listing: LeadListing) -> String {
        let lead = listing.lead
        let life = listing.lifecycle
        switch key {
        case "number": return lead.number
        case "name": return lead.name ?? lead.email
        case "email": return lead.email
        case "company": return lead.company ?? ""
        case "status": return lead.status.rawValue
        case "score": return String(life.score)
        case "rating": return life.rating?.rawValue ?? ""
        case "owner": return life.owner ?? "unassigned"
        case "source": return lead.source
        case "campaign": return lead.campaign ?? ""
        case "tags": return life.tags.joined(separator: ", ")
        case "value": return amount(life.value)
        case "created": return dateTime(lead.createdAt)
        default: return ""
        }
    }
}
