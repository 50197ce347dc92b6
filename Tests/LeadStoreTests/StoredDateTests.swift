import Foundation
import GRDB
import Testing

@testable import LeadStore

@Suite("StoredDate writes what GRDB's date formatter writes")
struct StoredDateTests {
    /// GRDB's own text for a date (its `DateFormatter`), the reference.
    private func formatterText(_ date: Date) -> String? {
        String.fromDatabaseValue(date.databaseValue)
    }

    @Test("the same text for 40,000 dates from 1583 to 9999: any instant, and on either side of half a millisecond")
    func sameTextAsTheFormatter() {
        var generator = SystemRandomNumberGenerator()
        let earliest = -12_212_553_600.0
        let latest = 253_402_300_799.0
        var checked = 0
        for _ in 0..<10_000 {
            let seconds = Double.random(in: earliest...latest, using: &generator)
            let millisecond = (seconds * 1000).rounded(.down) / 1000
            // Where rounding, flooring and rounding halves away from zero (before 1970) would differ.
            for instant in [seconds, millisecond + 0.000_5, millisecond + 0.000_49, millisecond + 0.000_999_9] {
                let date = Date(timeIntervalSince1970: instant)
                #expect(StoredDate(date).text == formatterText(date), "\(instant)")
                checked += 1
            }
        }
        #expect(checked == 40_000)
    }

    @Test(
        "edges: the epoch, before it, leap days, the end of a day and of the range, and dates outside it",
        arguments: [
            0, -0.001, -0.0005, -1, 59.999_6, 951_782_400, 951_868_799.999, 1_709_164_800, -2_203_891_200,
            -12_212_553_600, -12_212_553_600.001, -62_135_596_800, 253_402_300_799.999, 253_402_300_800,
            1_795_000_000.123_456,
        ])
    func edges(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate(date).text == formatterText(date))
    }

    @Test("a bound StoredDate reads back as the Date GRDB would have stored, and compares with GRDB-written rows")
    func roundTripsThroughSQLite() throws {
        let queue = try DatabaseQueue()
        let date = Date(timeIntervalSince1970: 1_764_590_400.25)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (d TEXT)")
            try db.execute(sql: "INSERT INTO t (d) VALUES (?), (?)", arguments: [StoredDate(date), date])
            let texts = try String.fetchAll(db, sql: "SELECT d FROM t")
            #expect(texts == ["2025-12-01 12:00:00.250", "2025-12-01 12:00:00.250"])
            #expect(try Date.fetchOne(db, sql: "SELECT d FROM t LIMIT 1") == date)
        }
    }
}
