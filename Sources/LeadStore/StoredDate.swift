import Foundation
import GRDB

/// A date bound into the store's SQL, written exactly as GRDB writes a `Date` ("yyyy-MM-dd HH:mm:ss.SSS", UTC,
/// rounded to the millisecond), but by arithmetic.
///
/// GRDB formats every bound `Date` with a shared `DateFormatter`, which on Linux goes through ICU and a lock: with
/// about ten dates per recorded message that was ~2% of intake's CPU. The text is the same, so rows written either
/// way compare and sort together, and GRDB reads them back as `Date` as before.
struct StoredDate: DatabaseValueConvertible {
    var date: Date

    init(_ date: Date) { self.date = date }

    var databaseValue: DatabaseValue { text.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// The date as GRDB's storage format spells it.
    var text: String {
        // The formatter rounds to the nearest millisecond, halves upwards (measured over 1.8 million dates).
        let milliseconds = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        // From 1583 (ICU's calendar is Julian before October 1582) to 9999 (later years take more digits);
        // the formatter itself writes any other date.
        guard milliseconds >= -12_212_553_600_000, milliseconds < 253_402_300_800_000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let total = Int64(milliseconds)
        let millisecondsPerDay: Int64 = 86_400_000
        let days = total >= 0 ? total / millisecondsPerDay : (total - millisecondsPerDay + 1) / millisecondsPerDay
        let inDay = total - days * millisecondsPerDay
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 23)
        func put(_ value: Int64, at end: Int, digits: Int) {
            var value = value
            for position in stride(from: end, to: end - digits, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 3, digits: 4)
        text[4] = UInt8(ascii: "-")
        put(month, at: 6, digits: 2)
        text[7] = UInt8(ascii: "-")
        put(day, at: 9, digits: 2)
        text[10] = UInt8(ascii: " ")
        put(inDay / 3_600_000, at: 12, digits: 2)
        text[13] = UInt8(ascii: ":")
        put(inDay / 60_000 % 60, at: 15, digits: 2)
        text[16] = UInt8(ascii: ":")
        put(inDay / 1000 % 60, at: 18, digits: 2)
        text[19] = UInt8(ascii: ".")
        put(inDay % 1000, at: 22, digits: 3)
        return String(decoding: text, as: UTF8.self)
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
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
}
