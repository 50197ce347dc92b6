import Foundation
import Leads
import Testing

@Suite("Working days: weekends and holidays skipped")
struct WorkingCalendarTests {
    /// Christmas 2026: Friday 25 and Monday 28 December are holidays.
    let calendar = WorkingCalendar(holidays: ["2026-12-25", "2026-12-28"])

    @Test(
        "adding working days skips weekends and holidays",
        arguments: [
            ("2026-11-23", 1, "2026-11-24"),  // Monday → Tuesday
            ("2026-11-27", 1, "2026-11-30"),  // Friday → Monday
            ("2026-11-28", 1, "2026-11-30"),  // Saturday → Monday
            ("2026-11-23", 5, "2026-11-30"),  // a whole week
            ("2026-12-24", 1, "2026-12-29"),  // Thursday before Christmas → Tuesday after the bank holiday
            ("2026-12-24", 3, "2026-12-31"),
            ("2026-12-26", 0, "2026-12-29"),  // zero days from a day off is the next working day
            ("2026-11-24", 0, "2026-11-24"),
        ])
    func adding(start: String, days: Int, expected: String) {
        #expect(calendar.adding(workingDays: days, to: start) == expected)
    }

    @Test("counting working days between two days")
    func counting() {
        #expect(calendar.workingDays(after: "2026-12-24", through: "2026-12-30") == 2)
        #expect(calendar.workingDays(after: "2026-12-24", through: "2026-12-31") == 3)
        #expect(calendar.workingDays(after: "2026-11-27", through: "2026-11-29") == 0, "a weekend counts nothing")
        #expect(calendar.workingDays(after: "2026-11-27", through: "2026-11-20") == 0)
    }

    @Test("a four-day week and a time zone other than UTC")
    func otherWeeks() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let short = WorkingCalendar(workingWeekdays: [1, 2, 3, 4], timeZone: berlin)
        #expect(short.adding(workingDays: 1, to: "2026-11-26") == "2026-11-30", "Thursday → Monday")
        // 23:30 UTC on Monday is already Tuesday in Berlin.
        let late = try #require(try? Date("2026-11-23T23:30:00Z", strategy: .iso8601))
        #expect(short.day(of: late) == "2026-11-24")
    }

    @Test("days that are not days are refused", arguments: ["2026-02-30", "2026-13-01", "26-11-23", "tomorrow", ""])
    func badDays(text: String) {
        #expect(calendar.date(of: text) == nil)
        #expect(!calendar.isWorkingDay(text))
    }
}
