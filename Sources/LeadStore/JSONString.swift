/// A JSON string written by hand into a byte buffer, for the store's JSON texts (`ScoreMatchesJSON`, the
/// `json_each` arguments of `BatchJSON`): the quotation mark, reverse solidus and control characters escaped as
/// JSON requires; UTF-8 bytes from 0x80 up belong to other characters and are copied as they are.
enum JSONString {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func append(_ value: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                json += [UInt8(ascii: "\\"), byte]
            case 0..<0x20:
                json += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                json += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default:
                json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}
