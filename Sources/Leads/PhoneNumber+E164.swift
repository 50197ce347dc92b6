import MIME

extension PhoneNumber {
    /// `raw` in E.164 (`+493090182044`), reading national numbers with `defaultCountry`'s trunk prefix, or nil
    /// when it is not a phone number (fewer than 7 or more than 15 digits, letters, an unknown country).
    ///
    /// Reads "+44 (0)20 7946 0321", "0044 20 7946 0321", "011 44 …" (from North America), "(030) 901820-44",
    /// "0171/555 1234", and an extension after "ext", "x" or "#" is dropped.
    public static func e164(_ raw: String, defaultCountry: String) -> String? {
        var text = Substring(raw.trimmingSpaces())
        // An extension marker needs a letter, "#" or ";": most numbers have none, and skip the four searches.
        let mayHaveExtension = text.utf8.contains { byte in
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "#")
                || byte == UInt8(ascii: ";")
        }
        if mayHaveExtension, let number = withoutExtension(text) {
            text = number
        } else if mayHaveExtension {
            for marker in [" ext", " x", "#", ";ext="] {
                if let range = text.range(of: marker, options: .caseInsensitive) { text = text[..<range.lowerBound] }
            }
        }
        // "+44 (0)20 …": the bracketed trunk prefix is not dialled from abroad.
        let withoutTrunk = text.utf8Contains("(0)") ? text.replacingOccurrences(of: "(0)", with: "") : String(text)
        guard var digits = digitsOfNumber(withoutTrunk) else { return nil }
        let international: Bool
        if withoutTrunk.trimmingSpaces().hasPrefix("+") {
            international = true
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
            international = true
        } else if digits.hasPrefix("011"), defaultCountry.uppercased() == "US" || defaultCountry.uppercased() == "CA" {
            digits.removeFirst(3)
            international = true
        } else {
            international = false
        }
        if international {
            guard CallingCode.codesLongestFirst.contains(where: digits.hasPrefix) || digits.count >= 8 else {
                return nil
            }
            return (8...15).contains(digits.count) ? "+" + digits : nil
        }
        guard let country = CallingCode.forCountry(defaultCountry) else { return nil }
        if !country.trunkPrefix.isEmpty, digits.hasPrefix(country.trunkPrefix) {
            digits.removeFirst(country.trunkPrefix.count)
        } else if country.code == "1", digits.count == 11, digits.hasPrefix("1") {
            digits.removeFirst()
        }
        let full = country.code + digits
        guard digits.count >= 6, (8...15).contains(full.count) else { return nil }
        return "+" + full
    }

    /// The ASCII digits of `text` when it holds only numbers and the marks numbers are written with
    /// (`+()-./`, spaces, no-break spaces); nil otherwise. ASCII text (nearly every number) is read on its bytes,
    /// where only 0 to 9 are numbers; other text by Character.
    static func digitsOfNumber(_ text: String) -> String? {
        switch text.utf8.withContiguousStorageIfAvailable(asciiDigits) {
        case .some(.digits(let digits)): return digits
        case .some(.refused): return nil
        case .some(.notASCII), .none:
            guard text.allSatisfy({ $0.isNumber || "+()-./ \u{00A0}".contains($0) }) else { return nil }
            return text.filter(\.isASCII).filter(\.isNumber)
        }
    }

    private enum ASCIIDigits {
        case notASCII
        case refused
        case digits(String)
    }

    private static func asciiDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIDigits {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return .notASCII }
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte &- UInt8(ascii: "0") < 10 {
                digits.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "/"), UInt8(ascii: " "):
                continue
            default: return .refused
            }
        }
        return .digits(String(decoding: digits, as: UTF8.self))
    }
}
