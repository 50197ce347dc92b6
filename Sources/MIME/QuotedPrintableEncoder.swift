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

        // Byte by byte into one buffer: every reply body goes through here, so no array per byte.
        func makeRoom(for count: Int) {
            if lineLength + count > maxLineLength - 1 { // keep room for the soft-break "="
                output.append(UInt8(ascii: "="))
                output.append(0x0D)
                output.append(0x0A)
                lineLength = 0
            }
        }
        let from = Array("From ".utf8)

        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                output.append(0x0D)
                output.append(0x0A)
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
                && (byte == UInt8(ascii: ".") || input[index...].starts(with: from))
            if literal && !riskyLineStart {
                makeRoom(for: 1)
                output.append(byte)
                lineLength += 1
            } else {
                makeRoom(for: 3)
                output.append(UInt8(ascii: "="))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
                lineLength += 3
            }
            index += 1
        }
        if let last = output.last, last != 0x0A {
            output += [UInt8(ascii: "="), 0x0D, 0x0A]
        }
        return output
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
