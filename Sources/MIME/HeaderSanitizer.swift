/// Keeps caller text from breaking out of a header: CR and LF become spaces, NUL is removed.
enum HeaderSanitizer {
    static func clean(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return value }
        var scalars = String.UnicodeScalarView()
        var lastWasBreak = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\0":
                continue
            case "\r", "\n":
                if !lastWasBreak { scalars.append(" ") }
                lastWasBreak = true
            default:
                scalars.append(scalar)
                lastWasBreak = false
            }
        }
        return String(scalars)
    }

    /// A header name reduced to the characters RFC 5322 allows (printable ASCII except ":").
    static func cleanName(_ name: String) -> String {
        // Names are nearly always clean already: checked on their bytes (every allowed one is ASCII) first.
        if name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) { return name }
        let allowed = name.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }
        return String(String.UnicodeScalarView(allowed))
    }
}
