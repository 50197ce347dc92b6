/// Encodes a body as quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76 characters.
enum QuotedPrintableEncoder {
    static let maxLineLength = 76

    /// Encodes UTF-8 text; any line break in the input (CRLF, LF, CR) becomes a hard CRLF.
    /// When the text does not end with a line break, the output ends with a soft break ("=" CRLF) so the
    /// message can end with CRLF without adding a newline to the decoded text.
    static func encode(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 8 + 8)
        var lineLength = 0
        var index = 0

        func append(_ token: [UInt8]) {
            if lineLength + token.count > maxLineLength - 1 { // keep room for the soft-break "="
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }

        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                output += [0x0D, 0x0A]
                lineLength = 0
                index += (byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            let next = index + 1 < input.count ? input[index + 1] : nil
            let atLineEnd = next == nil || next == 0x0D || next == 0x0A
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            // A "." or "From " at the start of a line is encoded, so no transport can mangle it.
            let riskyLineStart = lineLength == 0
                && (byte == UInt8(ascii: ".") || input[index...].starts(with: Array("From ".utf8)))
            if literal && !riskyLineStart {
                append([byte])
            } else {
                append(escape(byte))
            }
            index += 1
        }
        if let last = output.last, last != 0x0A {
            output += [UInt8(ascii: "="), 0x0D, 0x0A]
        }
        return output
    }

    private static func escape(_ byte: UInt8) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
}
