import Testing
@testable import Templates

@Suite struct TemplateTextTests {
    @Test("a subject collapses to one line on its bytes as it does by Character, on 20,000 generated")
    func collapsesWhitespaceAsCharactersDo() {
        let pieces = ["Re:", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{A0}",
                      "\u{2028}", "Quote", "é", "e\u{301}", "[L17]", "\u{0}", "🙂"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(text.collapsingWhitespace() == text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                    "\(text.debugDescription)")
        }
    }
}
