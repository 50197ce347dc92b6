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
        parseCanonical(text) ?? parseByTokens(text)
    }

    /// Token by token, for every form: what `parseCanonical` must agree with.
    static func parseByTokens(_ text: String) -> (date: Date, offset: Int?)? {
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
                let value = Int(token.dropFirst()), token.dropFirst().allSatisfy(\.isASCII)
            {
                // "+0100" or "+02"; longer digit runs are junk (and would overflow the arithmetic below).
                if offset == nil, token.count <= 5, value >= 0 {
                    var digits = value
                    if token.count <= 3 { digits *= 100 }  // "+02"
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
            (0...60).contains(time.second), (1000...9999).contains(year)
        else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + time.hour * 3600 + time.minute * 60 + min(time.second, 59) - (offset ?? 0)
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), offset == 0 && negativeZero ? nil : offset)
    }

    /// The form nearly every mailer writes, read on its bytes: `[Wkd, ]D[D] Mon YYYY HH:MM[:SS] ±HHMM` with an
    /// optional trailing `(comment)`. Gives what the token-by-token reading gives for the same text; anything
    /// else (or out of range) is left to it.
    static func parseCanonical(_ text: String) -> (date: Date, offset: Int?)? {
        var text = text
        return text.withUTF8 { bytes -> (date: Date, offset: Int?)? in
            var reader = CanonicalDateReader(bytes: bytes)
            return reader.read()
        }
    }

    private struct CanonicalDateReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func read() -> (date: Date, offset: Int?)? {
            skipSpaces()
            if index < bytes.count, isLetter(bytes[index]) {
                // "Tue, ": a weekday, a comma, any spaces.
                guard let weekday = letters(3), weekdays.contains(weekday), take(UInt8(ascii: ",")) else { return nil }
                skipSpaces()
            }
            guard let day = digits(1...2), takeSpaces(), let monthName = letters(3),
                let month = months.firstIndex(of: monthName).map({ $0 + 1 }), takeSpaces(),
                let year = digits(4...4), takeSpaces(),
                let hour = digits(2...2), take(UInt8(ascii: ":")), let minute = digits(2...2)
            else { return nil }
            var second = 0
            if take(UInt8(ascii: ":")) {
                guard let value = digits(2...2) else { return nil }
                second = value
            }
            guard takeSpaces(), index < bytes.count,
                bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
            else { return nil }
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let zone = digits(4...4) else { return nil }
            skipSpaces()
            if take(UInt8(ascii: "(")) {
                while index < bytes.count, bytes[index] != UInt8(ascii: "(") && bytes[index] != UInt8(ascii: ")") {
                    index += 1
                }
                guard take(UInt8(ascii: ")")) else { return nil }
                skipSpaces()
            }
            guard index == bytes.count, (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
                (0...60).contains(second), (1000...9999).contains(year)
            else { return nil }
            let minutes = (zone / 100) * 60 + zone % 100
            let offset = (negative ? -1 : 1) * minutes * 60
            let days = CivilCalendar.days(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
            return (Date(timeIntervalSince1970: TimeInterval(seconds)), negative && minutes == 0 ? nil : offset)
        }

        // Spaces and tabs only: a line break (never there in an unfolded value) goes to the token reader.
        private static let spaceBytes: Set<UInt8> = [0x20, 0x09]

        private func isLetter(_ byte: UInt8) -> Bool {
            ((byte | 0x20) >= UInt8(ascii: "a")) && ((byte | 0x20) <= UInt8(ascii: "z"))
        }

        private mutating func skipSpaces() {
            while index < bytes.count, Self.spaceBytes.contains(bytes[index]) { index += 1 }
        }

        /// At least one space, then any more.
        private mutating func takeSpaces() -> Bool {
            let start = index
            skipSpaces()
            return index > start
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Exactly `count` letters, lowercased, not followed by another letter.
        private mutating func letters(_ count: Int) -> String? {
            guard index + count <= bytes.count,
                (index..<index + count).allSatisfy({ isLetter(bytes[$0]) }),
                index + count == bytes.count || !isLetter(bytes[index + count])
            else { return nil }
            let word = String(decoding: bytes[index..<index + count].map { $0 | 0x20 }, as: UTF8.self)
            index += count
            return word
        }

        /// A run of ASCII digits whose length is in `lengths`, not followed by another digit.
        private mutating func digits(_ lengths: ClosedRange<Int>) -> Int? {
            var value = 0
            var length = 0
            while index + length < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + length])
            {
                value = value * 10 + Int(bytes[index + length] - UInt8(ascii: "0"))
                length += 1
                if length > lengths.upperBound { return nil }
            }
            guard lengths.contains(length) else { return nil }
            index += length
            return value
        }
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

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
            if character == "(" {
                depth += 1
                continue
            }
            if character == ")" {
                depth = max(0, depth - 1)
                continue
            }
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
