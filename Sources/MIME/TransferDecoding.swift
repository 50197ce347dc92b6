/// Undoes Content-Transfer-Encodings (and the B and Q encodings of RFC 2047), forgivingly: real mail has
/// wrapped base64 with junk and broken padding, and quoted-printable with lowercase hex and stray `=`.
enum TransferDecoding {
    /// Decodes base64, skipping every byte outside the alphabet and tolerating missing or misplaced padding.
    static func base64(_ input: some Collection<UInt8>) -> [UInt8] {
        if let decoded = input.withContiguousStorageIfAvailable(base64) { return decoded }
        return Array(input).withUnsafeBufferPointer(base64)
    }

    /// Into a buffer sized once, byte by byte without `append`: attachments are most of a backlog's bytes.
    private static func base64(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { output, initialized in
            var written = 0
            var accumulator: UInt32 = 0
            var count = 0
            func flush() {
                switch count {
                case 2:
                    output[written] = UInt8((accumulator >> 4) & 0xFF)
                    written += 1
                case 3:
                    output[written] = UInt8((accumulator >> 10) & 0xFF)
                    output[written + 1] = UInt8((accumulator >> 2) & 0xFF)
                    written += 2
                default:
                    break
                }
                accumulator = 0
                count = 0
            }
            for byte in input {
                let value = base64Values[Int(byte)]
                if value == 0xFF {
                    if byte == UInt8(ascii: "=") { flush() }  // padding: end of one base64 run
                    continue
                }
                accumulator = (accumulator << 6) | UInt32(value)
                count += 1
                if count == 4 {
                    output[written] = UInt8((accumulator >> 16) & 0xFF)
                    output[written + 1] = UInt8((accumulator >> 8) & 0xFF)
                    output[written + 2] = UInt8(accumulator & 0xFF)
                    written += 3
                    accumulator = 0
                    count = 0
                }
            }
            flush()
            initialized = written
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// Decodes quoted-printable: `=XX` in either case, soft line breaks (`=` before CRLF or LF, trailing blanks
    /// allowed), and any other `=` kept literally. With `underscoreIsSpace` it is RFC 2047's Q encoding.
    static func quotedPrintable(_ input: some Collection<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") && underscoreIsSpace {
                output.append(0x20)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            // A soft line break: "=" then optional blanks then LF or CRLF (or the end of the input).
            var lookahead = index + 1
            while lookahead < bytes.count, bytes[lookahead] == 0x20 || bytes[lookahead] == 0x09 { lookahead += 1 }
            if lookahead == bytes.count {
                index = lookahead
                continue
            }
            if bytes[lookahead] == 0x0A {
                index = lookahead + 1
                continue
            }
            if bytes[lookahead] == 0x0D, lookahead + 1 < bytes.count, bytes[lookahead + 1] == 0x0A {
                index = lookahead + 2
                continue
            }
            output.append(byte)  // an invalid "=" sequence stays as written
            index += 1
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
