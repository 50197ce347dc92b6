/// Proleptic Gregorian dates as day counts from 1970-01-01, without a `Calendar`: the mail date parser and
/// formatters use them, and so does the store's timestamp text (`StoredDate`), all on hot paths.
public enum CivilCalendar {
    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of `days(year:month:day:)`).
    public static func date(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The English three-letter weekday of a day count since 1970-01-01 ("Thu" for day 0), as RFC 5322 dates and
    /// staff notices write it.
    public static func weekdayAbbreviation(daysSince1970 days: Int) -> String {
        weekdayAbbreviations[((days % 7) + 7) % 7]
    }

    /// The English three-letter month names, January first, as RFC 5322 dates and staff notices write them.
    public static let monthAbbreviations = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// From Thursday: 1970-01-01 was one.
    private static let weekdayAbbreviations = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
}
