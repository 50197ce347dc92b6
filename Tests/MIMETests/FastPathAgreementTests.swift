import Testing

@testable import MIME

/// The fast paths of the reply's quoted-printable encoding and of an attachment's base64 size give exactly what
/// the plain byte-by-byte rules give, on generated input that visits every branch.
@Suite struct FastPathAgreementTests {
    @Test("Quoted-printable: byte for byte the plain encoder's output on 5,000 generated texts")
    func quotedPrintableAgrees() {
        let pieces = [
            "a", " ", "\t", "=", ".", "From ", "F", "\r\n", "\n", "\r", "é", "€", "\u{0}", "~", "\u{7F}", "!",
            String(repeating: "x", count: 70), String(repeating: "y ", count: 40), " \n", "\t\r\n", "<p style=\"a\">",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...60, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(
                QuotedPrintableEncoder.encode(text) == PlainQuotedPrintable.encode(text), "\(text.debugDescription)")
        }
    }

    @Test("Base64 size: the pair count equals a byte-by-byte count at every length and alignment")
    func base64LettersAgree() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCXYZabcxyz0189+/=\r\n @[`{:\u{7F}".utf8) + [0x80, 0xC1, 0xDA, 0xFA, 0xFF, 0x00]
        for length in Array(0...100) + [
            255 * 16 - 1, 255 * 16, 255 * 16 + 17, 255 * 32 - 1, 255 * 32, 255 * 32 + 33, 20_000,
        ] {
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let expected = bytes.filter(PartBody.isBase64Letter).count
            for offset in [0, 1, 7] where offset <= length {
                let slice = bytes[offset...]
                let counted = slice.withUnsafeBufferPointer(PartBody.base64Letters)
                #expect(counted == slice.filter(PartBody.isBase64Letter).count, "length \(length), offset \(offset)")
            }
            #expect(bytes.withUnsafeBufferPointer(PartBody.base64Letters) == expected)
            #expect(PartBody(bytes: bytes[...], encoding: .base64).countWithoutDecoding == expected * 3 / 4)
        }
    }
}

/// The quoted-printable rules one byte at a time, as the encoder wrote them before its fast path: the reference.
private enum PlainQuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var lineLength = 0
        func put(_ byte: UInt8) {
            output.append(byte)
            lineLength += 1
        }
        func lineBreak() {
            output += [0x0D, 0x0A]
            lineLength = 0
        }
        func makeRoom(for width: Int) {
            if lineLength + width > 75 {
                put(UInt8(ascii: "="))
                lineBreak()
            }
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                lineBreak()
                index += (byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            let atLineEnd = index + 1 == input.count || input[index + 1] == 0x0D || input[index + 1] == 0x0A
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
            if literal { makeRoom(for: 1) }
            let startsWithFrom = input[index...].starts(with: Array("From ".utf8))
            let risky = lineLength == 0 && (byte == UInt8(ascii: ".") || startsWithFrom)
            if literal && !risky {
                put(byte)
            } else {
                makeRoom(for: 3)
                put(UInt8(ascii: "="))
                put(hex[Int(byte >> 4)])
                put(hex[Int(byte & 0x0F)])
            }
            index += 1
        }
        if let last = output.last, last != 0x0A {
            put(UInt8(ascii: "="))
            lineBreak()
        }
        return output
    }
}
