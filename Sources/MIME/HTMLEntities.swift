/// HTML character references: the named ones mail actually uses, and numeric ones (`&#233;`, `&#x20AC;`).
enum HTMLEntities {
    /// Decodes the reference starting at `start` (which holds "&"); returns its UTF-8 bytes and the length
    /// read, or `nil` when it is not a known reference (the "&" then stays as text).
    static func decode(_ input: [UInt8], at start: Int) -> (bytes: [UInt8], length: Int)? {
        var cursor = start + 1
        guard cursor < input.count else { return nil }
        if input[cursor] == UInt8(ascii: "#") {
            cursor += 1
            var radix: UInt32 = 10
            if cursor < input.count, input[cursor] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                cursor += 1
            }
            var value: UInt32 = 0
            let digitsStart = cursor
            while cursor < input.count, cursor - digitsStart < 8, let digit = digitValue(input[cursor], radix: radix) {
                value = value * radix + digit
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            if cursor < input.count, input[cursor] == UInt8(ascii: ";") { cursor += 1 }
            let scalar = Unicode.Scalar(windows1252Fix(value)) ?? "\u{FFFD}"
            return (Array(String(Character(scalar)).utf8), cursor - start)
        }
        let nameStart = cursor
        while cursor < input.count, cursor - nameStart < 10,
            (input[cursor] | 0x20) >= UInt8(ascii: "a") && (input[cursor] | 0x20) <= UInt8(ascii: "z")
                || input[cursor] >= UInt8(ascii: "0") && input[cursor] <= UInt8(ascii: "9")
        {
            cursor += 1
        }
        let name = String(decoding: input[nameStart..<cursor], as: UTF8.self)
        guard let value = named[name] ?? named[name.lowercased()], let scalar = Unicode.Scalar(value) else {
            return nil
        }
        if cursor < input.count, input[cursor] == UInt8(ascii: ";") { cursor += 1 }
        return (Array(String(Character(scalar)).utf8), cursor - start)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        if radix == 16, let hex = TransferDecoding.hexValue(byte) { return UInt32(hex) }
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return UInt32(byte - UInt8(ascii: "0")) }
        return nil
    }

    /// Browsers read &#128;–&#159; as Windows-1252 (e.g. &#150; is an en dash); so do we.
    private static func windows1252Fix(_ value: UInt32) -> UInt32 {
        guard (0x80...0x9F).contains(value) else { return value }
        let scalar = CharsetDecoder.decodeUTF8OrWindows1252([UInt8(value), 0xFF]).unicodeScalars.first
        return scalar?.value ?? value
    }

    /// Named references ("nbsp" reads as a plain space, which the converter collapses).
    private static let named: [String: UInt32] = [
        "nbsp": 0x0020, "amp": 0x0026, "lt": 0x003C, "gt": 0x003E, "quot": 0x0022, "apos": 0x0027, "copy": 0x00A9,
        "reg": 0x00AE, "trade": 0x2122, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "lsquo": 0x2018,
        "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "laquo": 0x00AB, "raquo": 0x00BB, "bull": 0x2022,
        "middot": 0x00B7, "euro": 0x20AC, "pound": 0x00A3, "yen": 0x00A5, "cent": 0x00A2, "sect": 0x00A7,
        "para": 0x00B6, "deg": 0x00B0, "plusmn": 0x00B1, "times": 0x00D7, "divide": 0x00F7, "frac12": 0x00BD,
        "frac14": 0x00BC, "frac34": 0x00BE, "shy": 0x00AD, "iexcl": 0x00A1, "iquest": 0x00BF, "ordf": 0x00AA,
        "ordm": 0x00BA, "sup1": 0x00B9, "sup2": 0x00B2, "sup3": 0x00B3, "micro": 0x00B5, "szlig": 0x00DF,
        "zwnj": 0x200C, "zwj": 0x200D, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "dagger": 0x2020,
        "Dagger": 0x2021, "permil": 0x2030, "lsaquo": 0x2039, "rsaquo": 0x203A, "sbquo": 0x201A, "bdquo": 0x201E,
        "prime": 0x2032, "Prime": 0x2033, "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193,
        "harr": 0x2194, "check": 0x2713, "hearts": 0x2665, "star": 0x2606, "aacute": 0x00E1, "agrave": 0x00E0,
        "acirc": 0x00E2, "auml": 0x00E4, "eacute": 0x00E9, "egrave": 0x00E8, "ecirc": 0x00EA, "euml": 0x00EB,
        "iacute": 0x00ED, "igrave": 0x00EC, "icirc": 0x00EE, "iuml": 0x00EF, "oacute": 0x00F3, "ograve": 0x00F2,
        "ocirc": 0x00F4, "ouml": 0x00F6, "uacute": 0x00FA, "ugrave": 0x00F9, "ucirc": 0x00FB, "uuml": 0x00FC,
        "Aacute": 0x00C1, "Agrave": 0x00C0, "Acirc": 0x00C2, "Auml": 0x00C4, "Eacute": 0x00C9, "Egrave": 0x00C8,
        "Ecirc": 0x00CA, "Euml": 0x00CB, "Iacute": 0x00CD, "Igrave": 0x00CC, "Icirc": 0x00CE, "Iuml": 0x00CF,
        "Oacute": 0x00D3, "Ograve": 0x00D2, "Ocirc": 0x00D4, "Ouml": 0x00D6, "Uacute": 0x00DA, "Ugrave": 0x00D9,
        "Ucirc": 0x00DB, "Uuml": 0x00DC, "atilde": 0x00E3, "otilde": 0x00F5, "ntilde": 0x00F1, "Atilde": 0x00C3,
        "Otilde": 0x00D5, "Ntilde": 0x00D1, "aring": 0x00E5, "Aring": 0x00C5, "aelig": 0x00E6, "AElig": 0x00C6,
        "ccedil": 0x00E7, "Ccedil": 0x00C7, "oslash": 0x00F8, "Oslash": 0x00D8, "eth": 0x00F0, "ETH": 0x00D0,
        "thorn": 0x00FE, "THORN": 0x00DE, "yacute": 0x00FD, "Yacute": 0x00DD, "yuml": 0x00FF, "scaron": 0x0161,
        "Scaron": 0x0160, "zcaron": 0x017E, "Zcaron": 0x017D, "oelig": 0x0153, "OElig": 0x0152,
    ]
}
