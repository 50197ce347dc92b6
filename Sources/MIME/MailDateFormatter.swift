import Foundation

/// Formats dates for headers without DateFormatter (no locale surprises, safe from any thread).
enum MailDateFormatter {
    /// RFC 5322 date in UTC, e.g. "Mon, 23 Nov 2026 18:01:02 +0000".
    static func rfc5322(_ date: Date) -> String {
        let parts = civil(date)
        let weekday = CivilCalendar.weekdayAbbreviation(daysSince1970: parts.days)
        return "\(weekday), \(parts.day) \(CivilCalendar.monthAbbreviations[parts.month - 1]) \(parts.year) "
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
        -> (days: Int, year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
    {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var seconds = total % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        return (days, year, month, day, seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }
}
