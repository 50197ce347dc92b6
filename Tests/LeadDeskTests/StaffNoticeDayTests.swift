import Foundation
import Testing

@testable import LeadDesk

/// Staff notices write a day as "Tue 24 Nov 2026" from the civil day, not through a DateFormatter per call: they must
/// read as that formatter wrote them.
@Suite("Staff notices' days")
struct StaffNoticeDayTests {
    @Test("every day of 2026 to 2028 reads as Foundation's 'EEE d MMM yyyy' writes it")
    func daysAsFoundationWritesThem() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_GB")
        format.timeZone = utc
        format.dateFormat = "EEE d MMM yyyy"
        var date = try #require(calendar.date(from: DateComponents(year: 2026, month: 1, day: 1)))
        for _ in 0..<(3 * 366) {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(StaffNotice.readable(day) == format.string(from: date), "\(day)")
            date = date.addingTimeInterval(86_400)
        }
        #expect(StaffNotice.readable("not a day") == "not a day")
    }
}
