import Leads

/// The JSON of a lead's kept score matches (`leads.score_matches`), written by hand: the lead rules write it for
/// every lead they score, and `JSONEncoder` took several times as long as the statement that stores it.
///
/// The text is what `JSONDecoder` reads back as `ScoreMatches` (keys in sorted order, as the encoder wrote
/// them); the set elements are sorted by their UTF-8 bytes, so the same matches give the same text in every
/// process. Strings are escaped as JSON requires: quotation mark, reverse solidus and control characters.
enum ScoreMatchesJSON {
    static func encode(_ kept: ScoreMatches) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(128)
        json += "{\"enquiries\":\(kept.enquiries),\"matches\":{\"titles\":".utf8
        appendArray(kept.matches.titles, to: &json)
        json += ",\"words\":".utf8
        appendArray(kept.matches.words, to: &json)
        json += "},\"rules\":".utf8
        appendString(kept.rules, to: &json)
        json += ",\"through\":\(kept.through)}".utf8
        return String(decoding: json, as: UTF8.self)
    }

    private static func appendArray(_ values: Set<String>, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "["))
        for (index, value) in values.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            appendString(value, to: &json)
        }
        json.append(UInt8(ascii: "]"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: UTF-8 bytes from 0x80 up belong to other characters and are copied as they are.
    private static func appendString(_ value: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                json.append(UInt8(ascii: "\\"))
                json.append(byte)
            case 0..<0x20:
                json += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                json.append(hexDigits[Int(byte >> 4)])
                json.append(hexDigits[Int(byte & 0xF)])
            default:
                json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}
