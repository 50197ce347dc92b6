import Foundation
import Leads

/// `--from` and `--to` as days, both included, turned into `[start, end)` in the office's time zone.
struct DayRange {
    var start: Date?
    var end: Date?

    init(from: String?, to: String?, calendar: WorkingCalendar) throws {
        func parse(_ day: String) throws -> Date {
            guard let date = calendar.date(of: day) else {
                throw CommandFailure(LifecycleError.badDay(day).description)
            }
            return date
        }
        start = try from.map(parse)
        end = try to.map { try parse($0).addingTimeInterval(86_400) }
    }
}
