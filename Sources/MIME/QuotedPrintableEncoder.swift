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
        [UInt8](unsafeUninitializedCapacity: input.count * 4 + 8) { buffer, written in
            var writer = Writer(output: buffer.baseAddress!)
            var index = 0
            let count = input.count
            while index < count {
                // Most bytes of a reply: printable ASCII other than "=" in the middle of a line with room left, or a
                // space or tab that does not end its line; the longest run of them that fits the line is copied as
                // it is, without the checks below.
                if writer.lineLength != 0 && writer.lineLength < maxLineLength - 1 {
                    let end = plainRun(
                        input, from: index, upTo: min(count, index + maxLineLength - 1 - writer.lineLength))
                    if end > index {
                        writer.copy(input.baseAddress! + index, count: end &- index)
                        index = end
                        continue
                    }
                }
                let byte = input[index]
                if byte == 0x0D || byte == 0x0A {
                    writer.lineBreak()
                    index += (byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A) ? 2 : 1
                    continue
                }
                let atLineEnd = index + 1 == input.count || input[index + 1] == 0x0D || input[index + 1] == 0x0A
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
                if literal { writer.makeRoom(for: 1) }
                // A "." or "From " at the start of a line (after a soft break too) is encoded, so no transport can
                // mangle it.
                let riskyLineStart =
                    writer.lineLength == 0
                    && (byte == UInt8(ascii: ".") || startsWithFrom(input, at: index))
                if literal && !riskyLineStart {
                    writer.put(byte)
                } else {
                    writer.makeRoom(for: 3)
                    writer.put(UInt8(ascii: "="))
                    writer.put(hexDigits[Int(byte >> 4)])
                    writer.put(hexDigits[Int(byte & 0x0F)])
                }
                index += 1
            }
            // Not ending with a line break: a soft break, so the message can end with CRLF.
            if writer.count > 0 && buffer[writer.count - 1] != 0x0A { writer.softBreak() }
            written = writer.count
        }
    }

    /// The output so far and the length of its last line.
    private struct Writer {
        let output: UnsafeMutablePointer<UInt8>
        var count = 0
        var lineLength = 0

        @inline(__always) mutating func put(_ byte: UInt8) {
            output[count] = byte
            count += 1
            lineLength += 1
        }

        @inline(__always) mutating func copy(_ bytes: UnsafePointer<UInt8>, count length: Int) {
            (output + count).update(from: bytes, count: length)
            count &+= length
            lineLength &+= length
        }

        @inline(__always) mutating func lineBreak() {
            output[count] = 0x0D
            output[count + 1] = 0x0A
            count += 2
            lineLength = 0
        }

        @inline(__always) mutating func softBreak() {
            output[count] = UInt8(ascii: "=")
            count += 1
            lineBreak()
        }

        /// A soft break when `width` more would leave no room for the soft break's "=".
        @inline(__always) mutating func makeRoom(for width: Int) {
            if lineLength + width > maxLineLength - 1 { softBreak() }
        }
    }

    /// The end of the run of bytes from `start` (before `limit`) that are written as they are in the middle of a
    /// line: printable ASCII other than "=", and spaces and tabs followed by something other than a line break
    /// (a space or tab at the input's end, or before CR or LF, is encoded).
    @inline(__always)
    private static func plainRun(_ input: UnsafeBufferPointer<UInt8>, from start: Int, upTo limit: Int) -> Int {
        var index = start
        let count = input.count
        while index < limit {
            let byte = input[index]
            if byte &- 33 < 94 && byte != UInt8(ascii: "=") {
                index &+= 1
                continue
            }
            guard byte == 0x20 || byte == 0x09, index &+ 1 < count else { break }
            let next = input[index &+ 1]
            guard next != 0x0D && next != 0x0A else { break }
            index &+= 1
        }
        return index
    }

    private static func startsWithFrom(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 5 <= input.count && input[index] == UInt8(ascii: "F") && input[index + 1] == UInt8(ascii: "r")
            && input[index + 2] == UInt8(ascii: "o") && input[index + 3] == UInt8(ascii: "m")
            && input[index + 4] == UInt8(ascii: " ")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
