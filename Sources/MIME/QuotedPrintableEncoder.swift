/// Encodes a body as quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76 characters.
enum QuotedPrintableEncoder {
    static let maxLineLength = 76

    /// Encodes UTF-8 text; any line break in the input (CRLF, LF, CR) becomes a hard CRLF.
    /// When the text does not end with a line break, the output ends with a soft break ("=" CRLF) so the
    /// message can end with CRLF without adding a newline to the decoded text.
    static func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8(encode)
    }

    /// Every reply body (text and HTML) goes through here: written into one buffer of the largest size it can
    /// need (each byte at most "=XX", a soft break at most every 25 bytes), without an append per byte.
    private static func encode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let (cr, lf, equals) = (UInt8(0x0D), UInt8(0x0A), UInt8(ascii: "="))
        return [UInt8](unsafeUninitializedCapacity: input.count * 4 + 8) { output, written in
            var (count, lineLength, index) = (0, 0, 0)
            func put(_ byte: UInt8) {
                output[count] = byte
                count += 1
            }
            func makeRoom(for width: Int) {
                guard lineLength + width > maxLineLength - 1 else { return }  // keep room for the soft-break "="
                put(equals)
                put(cr)
                put(lf)
                lineLength = 0
            }
            while index < input.count {
                let byte = input[index]
                if byte == cr || byte == lf {
                    put(cr)
                    put(lf)
                    lineLength = 0
                    index += (byte == cr && index + 1 < input.count && input[index + 1] == lf) ? 2 : 1
                    continue
                }
                let atLineEnd = index + 1 == input.count || input[index + 1] == cr || input[index + 1] == lf
                let literal = (byte >= 33 && byte <= 126 && byte != equals)
                    || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
                if literal {
                    makeRoom(for: 1)
                }
                // A "." or "From " at the start of a line (after a soft break too) is encoded, so no transport can
                // mangle it.
                let riskyLineStart = lineLength == 0
                    && (byte == UInt8(ascii: ".") || startsWithFrom(input, at: index))
                if literal && !riskyLineStart {
                    put(byte)
                    lineLength += 1
                } else {
                    makeRoom(for: 3)
                    put(equals)
                    put(hexDigits[Int(byte >> 4)])
                    put(hexDigits[Int(byte & 0x0F)])
                    lineLength += 3
                }
                index += 1
            }
            // Not ending with a line break: a soft break, so the message can end with CRLF.
            if count > 0 && output[count - 1] != lf {
                put(equals)
                put(cr)
                put(lf)
            }
            written = count
        }
    }

    private static func startsWithFrom(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 5 <= input.count && input[index] == UInt8(ascii: "F") && input[index + 1] == UInt8(ascii: "r")
            && input[index + 2] == UInt8(ascii: "o") && input[index + 3] == UInt8(ascii: "m")
            && input[index + 4] == UInt8(ascii: " ")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
