import Foundation
import GRDB
import MIME

/// A date bound into the store's SQL, written exactly as GRDB writes a `Date` ("yyyy-MM-dd HH:mm:ss.SSS", UTC,
/// rounded to the millisecond), but by arithmetic.
///
/// GRDB formats every bound `Date` with a shared `DateFormatter`, which on Linux goes through ICU and a lock, and a
/// recorded message binds about ten dates. The text is the same, so rows written either
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
        // The formatter rounds to the nearest millisecond, halves upwards (StoredDateTests holds this to it).
        let milliseconds = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)
        // From 1583 (ICU's calendar is Julian before October 1582) to 9999 (later years take more digits);
        // the formatter itself writes any other date.
        guard milliseconds >= -12_212_553_600_000, milliseconds < 253_402_300_800_000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let total = Int(milliseconds)
        let millisecondsPerDay = 86_400_000
        let days = total >= 0 ? total / millisecondsPerDay : (total - millisecondsPerDay + 1) / millisecondsPerDay
        let inDay = total - days * millisecondsPerDay
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 23)
        func put(_ value: Int, at end: Int, digits: Int) {
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
}
