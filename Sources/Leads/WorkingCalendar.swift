import Foundation

/// Working days: which weekdays people work, and the holidays they do not, in the office's time zone.
///
/// Follow-up due dates and the overdue rule count working days, so that a lead captured on Friday evening is
/// not overdue on Monday morning and nobody is chased over Christmas. Days are written `YYYY-MM-DD`.
public struct WorkingCalendar: Sendable, Hashable {
    /// ISO weekdays people work: 1 = Monday … 7 = Sunday.
    public var workingWeekdays: Set<Int>
    /// Days off besides the weekend, `YYYY-MM-DD`.
    public var holidays: Set<String>
    public var timeZone: TimeZone

    public init(
        workingWeekdays: Set<Int> = [1, 2, 3, 4, 5], holidays: Set<String> = [],
        timeZone: TimeZone = TimeZone(identifier: "UTC")!
    ) {
        self.workingWeekdays = workingWeekdays
        self.holidays = holidays
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The day `date` falls on in the office's time zone.
    public func day(of date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The start of a `YYYY-MM-DD` day, or nil when the text is not a real day.
    public func date(of day: String) -> Date? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2])
        else { return nil }
        let components = DateComponents(year: year, month: month, day: dayOfMonth)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }

    /// Whether people work on this day (a working weekday that is not a holiday).
    public func isWorkingDay(_ day: String) -> Bool {
        guard let date = date(of: day), !holidays.contains(day) else { return false }
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
        return workingWeekdays.contains(weekday == 1 ? 7 : weekday - 1)
    }

    /// The day `count` working days after `day` (a count of 0 gives `day` itself, or the next working day when
    /// `day` is not one).
    public func adding(workingDays count: Int, to day: String) -> String {
        var current = day
        if count == 0 {
            while !isWorkingDay(current) { current = next(current) }
            return current
        }
        var left = count
        while left > 0 {
            current = next(current)
            if isWorkingDay(current) { left -= 1 }
        }
        return current
    }

    /// Working days after `start` up to and including `end` (0 when `end` is not later).
    public func workingDays(after start: String, through end: String) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var current = start
        while current < end {
            current = next(current)
            if isWorkingDay(current) { count += 1 }
        }
        return count
    }

    private func next(_ day: String) -> String {
        guard let date = date(of: day), let following = calendar.date(byAdding: .day, value: 1, to: date) else {
            return day
        }
        return self.day(of: following)
    }
}
