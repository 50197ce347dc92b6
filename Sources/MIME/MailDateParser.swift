import Foundation

/// Reads the Date header: RFC 5322 dates and the broken forms mailers write (no weekday, two-digit years,
/// named zones, no seconds, trailing "(CEST)", asctime order). Returns `nil` rather than guessing wildly.
enum MailDateParser {
    static func parse(_ text: String) -> Date? {
        parseWithOffset(text)?.date
    }

    /// The date and the zone offset in seconds as written; the offset is `nil` for "-0000" (RFC 5322: the
    /// local time is unknown) and when the header named no zone.
    static func parseWithOffset(_ text: String) -> (date: Date, offset: Int?)? {
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset: Int?
        var negativeZero = false

        for token in tokens(of: text) {
            let lower = token.lowercased()
            if token.utf8Contains(":") {
                if time == nil { time = parseTime(token) }
                continue
            }
            if let first = token.unicodeScalars.first, first == "+" || first == "-", token.count >= 3,
               let value = Int(token.dropFirst()), token.dropFirst().allSatisfy(\.isASCII) {
                // "+0100" or "+02"; longer digit runs are junk (and would overflow the arithmetic below).
                if offset == nil, token.count <= 5, value >= 0 {
                    var digits = value
                    if token.count <= 3 { digits *= 100 } // "+02"
                    let minutes = (digits / 100) * 60 + digits % 100
                    offset = (first == "-" ? -1 : 1) * minutes * 60
                    negativeZero = first == "-" && minutes == 0
                }
                continue
            }
            if let number = Int(token), token.allSatisfy(\.isNumber) {
                if token.count >= 3 {
                    if year == nil { year = token.count == 3 ? number + 1900 : number }
                } else if day == nil && month == nil || day == nil && number <= 31 && year == nil {
                    day = number
                } else if year == nil {
                    year = number < 50 ? 2000 + number : 1900 + number
                }
                continue
            }
            if month == nil, lower.count >= 3, let index = months.firstIndex(of: String(lower.prefix(3))) {
                month = index + 1
                continue
            }
            if offset == nil, let zone = zones[lower] {
                offset = zone * 3600
            }
        }
        guard let day, let month, let year, let time,
              (1...31).contains(day), (0...23).contains(time.hour), (0...59).contains(time.minute),
              (0...60).contains(time.second), (1000...9999).contains(year) else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + time.hour * 3600 + time.minute * 60 + min(time.second, 59) - (offset ?? 0)
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), offset == 0 && negativeZero ? nil : offset)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// RFC 5322 obsolete zones and the abbreviations mailers still write.
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "met": 1, "cest": 2, "mest": 2,
        "eet": 2, "eest": 3, "msk": 3, "ist": 5, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "aest": 10,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    /// Whitespace- and comma-separated tokens with comments removed; a zone glued to the time
    /// ("00:01+0000") becomes a token of its own.
    private static func tokens(of text: String) -> [String] {
        var cleaned = ""
        var depth = 0
        var inTime = false
        for character in text {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if character == ":" { inTime = true }
            if character == " " || character == "\t" || character == "," { inTime = false }
            if inTime, character == "+" || character == "-", let last = cleaned.last, last.isASCII, last.isNumber {
                cleaned.append(" ")
                inTime = false
            }
            cleaned.append(character == "," ? " " : character)
        }
        return cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
    }

    private static func parseTime(_ token: String) -> (hour: Int, minute: Int, second: Int)? {
        var parts = token.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // "18:01:02.123" or "18:01:02+0100" glued together: keep the leading digits of each part.
        parts = parts.map { String($0.prefix { $0.isASCII && $0.isNumber }) }
        guard parts.count >= 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        let second = parts.count >= 3 ? Int(parts[2]) ?? 0 : 0
        return (hour, minute, second)
    }
}
