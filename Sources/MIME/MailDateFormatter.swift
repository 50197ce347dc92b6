import Foundation

/// Formats dates for headers without DateFormatter (no locale surprises, safe from any thread).
enum MailDateFormatter {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322 date in UTC, e.g. "Mon, 23 Nov 2026 18:01:02 +0000".
    static func rfc5322(_ date: Date) -> String {
        let parts = civil(date)
        let weekday = weekdays[((parts.days % 7) + 7) % 7]
        return "\(weekday), \(parts.day) \(months[parts.month - 1]) \(parts.year) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// "yyyyMMddHHmmss" in UTC, for Message-IDs.
    static func compactTimestamp(_ date: Date) -> String {
        let parts = civil(date)
        return "\(parts.year)\(two(parts.month))\(two(parts.day))"
            + "\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func civil(_ date: Date)
        -> (days: Int, year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var seconds = total % 86_400
        if seconds < 0 { seconds += 86_400; days -= 1 }
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (days, year, month, day, seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }
}
