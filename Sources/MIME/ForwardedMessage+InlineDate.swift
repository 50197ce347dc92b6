import Foundation

extension ForwardedMessage {
    /// Reads the dates forward blocks write, which are for people, not RFC 5322: "Mon, 16 Nov 2026 at 10:02",
    /// "Monday, November 16, 2026 10:02 AM", "Montag, 16. November 2026 10:02", "lundi 16 novembre 2026 10:02",
    /// "lunes, 16 de noviembre de 2026 10:02". An RFC 5322 date keeps its zone; the others have none and are
    /// read as UTC.
    enum InlineDate {
        static func parse(_ text: String) -> Date? {
            let words = text.lowercased().split { !$0.isLetter }
            let twelveHour = words.contains("am") || words.contains("pm")
            if !twelveHour, let date = MailDateParser.parse(text) { return date }
            var day: Int?
            var month: Int?
            var year: Int?
            var hour = 0
            var minute = 0
            var pm: Bool?
            let separators = CharacterSet(charactersIn: " ,.\t\u{00A0}")
            for token in text.lowercased().components(separatedBy: separators) where !token.isEmpty {
                if token.utf8Contains(":") {
                    let parts = token.split(separator: ":").compactMap { Int($0) }
                    if parts.count >= 2 { (hour, minute) = (parts[0], parts[1]) }
                } else if token == "am" || token == "pm" {
                    pm = token == "pm"
                } else if let number = Int(token) {
                    if number > 31 { year = number } else if day == nil { day = number }
                } else if let found = monthNumber(token) {
                    month = found
                } else if token.utf8Contains("/") {
                    // "16/11/2026" (day first, as outside the US).
                    let parts = token.split(separator: "/").compactMap { Int($0) }
                    if parts.count == 3 { (day, month, year) = (parts[0], parts[1], parts[2]) }
                }
            }
            if let pm {
                if pm && hour < 12 { hour += 12 }
                if !pm && hour == 12 { hour = 0 }
            }
            guard let day, let month, let year, (1...31).contains(day), (0...23).contains(hour) else { return nil }
            let days = CivilCalendar.days(year: year, month: month, day: day)
            return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60))
        }

        /// January = 1, from month names and their abbreviations in English, German, French and Spanish.
        static func monthNumber(_ token: String) -> Int? {
            let names: [[String]] = [
                ["january", "januar", "janvier", "enero", "jänner"],
                ["february", "februar", "février", "fevrier", "febrero"],
                ["march", "märz", "mars", "marzo"],
                ["april", "avril", "abril"],
                ["may", "mai", "mayo"],
                ["june", "juni", "juin", "junio"],
                ["july", "juli", "juillet", "julio"],
                ["august", "août", "aout", "agosto"],
                ["september", "septembre", "septiembre", "setiembre"],
                ["october", "oktober", "octobre", "octubre"],
                ["november", "novembre", "noviembre"],
                ["december", "dezember", "décembre", "decembre", "diciembre"],
            ]
            for (index, spellings) in names.enumerated() {
                for name in spellings where token == name || (token.count >= 3 && name.hasPrefix(token)) {
                    return index + 1
                }
            }
            return nil
        }
    }
}
