import Foundation
import MIME

/// Finds the phone number people put in signatures ("Tel: +44 20 7946 0321", "M  0171 555 1234").
public enum PhoneNumber {
    /// The first line of `lines` that carries a phone number, as written (label removed).
    public static func first(in lines: [String]) -> String? {
        let labels = [
            "tel", "tel.", "phone", "telephone", "mobile", "mob", "cell", "direct", "office", "t", "m", "p",
            "telefon", "tél", "téléphone", "teléfono", "móvil", "handy", "mobil", "mobiel", "portable", "gsm",
            "tfn", "tlf", "puh", "puhelin", "telefono", "telefone", "telemóvel", "celular", "cellulare", "d",
            "dir", "o", "тел", "телефон", "моб", "мобильный", "мобільний", "τηλ", "τηλέφωνο", "κιν", "电话", "手机",
            "電話", "携帯", "전화", "휴대폰",
        ]
        for line in lines where hasEnoughDigits(line) {
            var candidate = Substring(line)
            if let colon = line.firstCharacter(whereASCII: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "|") })
                ?? line.firstIndex(of: "：")  // Chinese and Japanese write a full-width colon
            {
                let label = line[..<colon].trimmingSpaces().lowercased()
                    .trimmingScalars(in: ". ")
                if labels.contains(label) { candidate = line[line.index(after: colon)...] }
            } else if let space = line.firstCharacter(whereASCII: { $0 == UInt8(ascii: " ") }),
                // The longest label is 11 bytes; lowercasing and trimming never shrink a word to a third.
                line.utf8.distance(from: line.startIndex, to: space) <= 36,
                labels.contains(String(line[..<space].lowercased().trimming(where: isPunctuation)))
            {
                candidate = line[line.index(after: space)...]
            }
            if let number = plausibleNumber(candidate) { return number }
        }
        return nil
    }

    /// A number the writer gives in a sentence ("please call me on +44 161 496 1000", "Rückruf unter 0171 555
    /// 1234"): nine to fifteen digits written as a number, right after words that offer a call. Without those
    /// words a number in prose is an order, a part or a quantity.
    public static func inProse(_ text: String) -> String? {
        guard hasEnoughDigits(text) else { return nil }
        let bytes = Array(text.utf8)
        let isNumberByte: (UInt8) -> Bool = { byte in
            byte &- UInt8(ascii: "0") < 10 || "+()-./ ".utf8.contains(byte)
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let starts = byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(") || byte &- UInt8(ascii: "0") < 10
            let afterWord = index > 0 && (bytes[index - 1] &- UInt8(ascii: "0") < 10 || bytes[index - 1] >= 0x41)
            guard starts, !afterWord else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
            while end > index, " .-/".utf8.contains(bytes[end - 1]) { end -= 1 }
            let digits = bytes[index..<end].count { $0 &- UInt8(ascii: "0") < 10 }
            if (9...15).contains(digits) {
                let before = String(decoding: bytes[max(0, index - 40)..<index], as: UTF8.self).lowercased()
                if callCues.contains(where: before.utf8Contains) {
                    return String(decoding: bytes[index..<end], as: UTF8.self)
                }
            }
            index = max(end, index + 1)
        }
        return nil
    }

    /// Words that offer a call, in the languages enquiries come in.
    static let callCues = [
        "call me", "call us", "call on", "phone me", "phone us", "reach me", "ring me", "ring us", "my number",
        "phone number", "mobile number", "my mobile", "my phone", "my cell", "tel.", "tel:", "telephone", "mobile:",
        "phone:", "whatsapp", "rückruf", "anruf", "telefon", "handy", "appelez", "appeler", "rappeler", "téléphone",
        "mon numéro", "llame", "llamar", "llámeme", "teléfono", "mi número", "chiamare", "chiamatemi", "telefono",
        "bel me", "bellen", "telefoon", "zadzwoń", "telefonu",
    ]

    /// Whether `text` has the seven ASCII digits a plausible number needs (`plausibleNumber` takes no other
    /// digits): most signature lines have none, and skipping them skips lowercasing their first word.
    static func hasEnoughDigits(_ text: String) -> Bool {
        var digits = 0
        for byte in text.utf8 where byte &- UInt8(ascii: "0") < 10 {
            digits += 1
            if digits == 7 { return true }
        }
        return false
    }

    private static let numberScalars = Set("0123456789+()-./ \u{00A0}".unicodeScalars)

    /// The number before an extension that ends `text` ("+1 525 538 7069x37745", "(744) 813-7148 ext. 936",
    /// "020 7946 0321 extension 12", "… #12"): a marker right after the number or a blank, then 1 to 6 digits.
    /// nil when nothing of the kind ends it.
    static func withoutExtension(_ text: Substring) -> Substring? {
        let bytes = Array(text.utf8)
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        var digits = end
        while digits > 0, bytes[digits - 1] &- UInt8(ascii: "0") < 10 { digits -= 1 }
        guard (1...6).contains(end - digits) else { return nil }
        var markerEnd = digits
        while markerEnd > 0, [UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: ":")].contains(bytes[markerEnd - 1]) {
            markerEnd -= 1
        }
        for marker in ["extension", "ext", "x", "#"] {
            let start = markerEnd - marker.utf8.count
            guard start > 0, bytes[start..<markerEnd].map({ $0 | 0x20 }).elementsEqual(marker.utf8) else { continue }
            // Not the end of a word ("fax 0171 …" has none after it; "Box" is not "x").
            let before = bytes[start - 1]
            guard before == UInt8(ascii: " ") || before &- UInt8(ascii: "0") < 10 || before == UInt8(ascii: ")") else {
                return nil
            }
            return Substring(text.utf8.prefix(start))
        }
        return nil
    }

    /// Unicode's punctuation categories, as Foundation's `punctuationCharacters` has them.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }

    /// The text when it is a phone number: digits with `+ ( ) - . /` and spaces, 7 to 15 digits, and perhaps an
    /// extension after it ("x123", "ext. 12", "#12"), kept as written: whoever calls needs it.
    public static func plausibleNumber(_ text: Substring) -> String? {
        // Most lines asked about hold letters, which no number has (and trimming keeps): turned away on the bytes
        // unless what ends the text is an extension.
        if text.utf8.contains(where: { ($0 | 0x20) &- UInt8(ascii: "a") < 26 || $0 == UInt8(ascii: "#") }) {
            guard let number = withoutExtension(text), plausibleNumber(number) != nil else { return nil }
            return text.trimmingSpaces()
        }
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.unicodeScalars.allSatisfy(numberScalars.contains) else { return nil }
        let digits = trimmed.filter(\.isNumber).count
        return (7...15).contains(digits) ? trimmed : nil
    }
}
