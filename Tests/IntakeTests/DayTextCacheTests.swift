import Foundation
import Testing

@testable import Intake

/// The enquiry date in replies is formatted once per local day; every date of a day must still read as that day.
@Suite("Enquiry dates formatted once per day")
struct DayTextCacheTests {
    @Test("every hour of three days reads as Foundation formats it, with one format call per day")
    func cachedTextIsTheFormattedDay() {
        let calls = Counter()
        let cache = DayTextCache { date in
            calls.increment()
            return date.formatted(date: .long, time: .omitted)
        }
        let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
        let dayStart = Calendar.current.startOfDay(for: start)
        for hour in 0..<72 {
            let date = dayStart.addingTimeInterval(Double(hour) * 3600 + 59)
            #expect(cache.text(for: date) == date.formatted(date: .long, time: .omitted))
        }
        #expect(calls.value == 3)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
