import Testing

@testable import MIME

/// `lowercasedInRuns()` and `lowercasedUTF8` stand in for `lowercased()` in the word look-ups intake makes on every
/// line and in the scorer: the same text, whatever the mix of ASCII and other scripts.
@Suite("Lowercasing by runs: the same text as lowercased()")
struct LowercasingTests {
    @Test("5,000 generated mixes of ASCII, accents, combining marks, İ, final sigma, CJK and emoji")
    func generatedMixes() {
        let pieces = [
            "A", "z", "Q ", "İ", "ẞ", "ΣΑΣ", "Ö", "é", "E\u{301}", "Ω", "ДАТЧИК", "日本", "🙂", "\u{0130}x",
            "\r\n", "Ǆ", "@", "[", "`", "{", "Ⱥ", "K", "ǅ", "ß", "Σ.",
        ]
        var generator = SystemRandomNumberGenerator()
        var nonASCII = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            if text.utf8.contains(where: { $0 >= 0x80 }) { nonASCII += 1 }
            #expect(text.lowercasedInRuns() == text.lowercased(), "\(text)")
            #expect(text.lowercasedUTF8 == Array(text.lowercased().utf8), "\(text)")
            let inside = "(\(text))".dropFirst().dropLast()
            #expect(inside.lowercasedInRuns() == inside.lowercased(), "\(text)")
        }
        #expect(nonASCII > 1_000)
    }

    /// Every scalar, 64 at a time: the skipped mapping (Changes_When_Lowercased unset) never hides a change, and
    /// no text lowers to more than `lowercaseMaximumGrowth` times its bytes (the buffers are that size).
    @Test("every Unicode scalar lowers as lowercased() does, within the buffer's bound")
    func everyScalar() {
        let scalars = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }
        var checked = 0
        for start in stride(from: 0, to: scalars.count, by: 64) {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<min(start + 64, scalars.count)])
            let expected = text.lowercased()
            #expect(text.lowercasedInRuns() == expected, "scalars from U+\(String(scalars[start].value, radix: 16))")
            #expect(expected.utf8.count <= text.utf8.count * lowercaseMaximumGrowth)
            checked += 1
        }
        #expect(checked == (scalars.count + 63) / 64)
    }

    @Test(
        "ASCII: capitals lowered, text without capitals returned as it is",
        arguments: [
            ("Best Regards", "best regards"), ("ltd.", "ltd."), ("", ""), ("GMBH & CO. KG", "gmbh & co. kg"),
            ("@[`{", "@[`{"),
        ])
    func ascii(text: String, expected: String) {
        #expect(text.lowercasedInRuns() == expected)
        #expect(Substring(text).lowercasedInRuns() == expected)
    }
}
