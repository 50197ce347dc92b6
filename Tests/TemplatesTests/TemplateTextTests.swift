import Foundation
import Testing

@testable import Templates

@Suite struct TemplateTextTests {
    @Test("a subject collapses to one line on its bytes as it does by Character, on 20,000 generated")
    func collapsesWhitespaceAsCharactersDo() {
        let pieces = [
            "Re:", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{A0}",
            "\u{2028}", "Quote", "é", "e\u{301}", "[L17]", "\u{0}", "🙂",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(
                text.collapsingWhitespace() == text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                "\(text.debugDescription)")
        }
    }

    @Test("sources and campaigns match regardless of case as Foundation compares them, on 20,000 pairs")
    func matchesNamesAsFoundationDoes() {
        let pieces = [
            "web", "WEB", "-", "Form", "form", "é", "É", "ß", "SS", "ss", "İ", "i", "2026", "_", "@", "[", "`",
            "{",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let left = (0..<Int.random(in: 0...3, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            // Half the pairs are the same name in another case, so that matches are tried as often as misses.
            let right =
                Bool.random(using: &generator)
                ? (Bool.random(using: &generator)
                    ? left.uppercased()
                    : left.lowercased())
                : (0..<Int.random(in: 0...3, using: &generator))
                    .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let foundation = left.caseInsensitiveCompare(right) == .orderedSame
            #expect(ReplyTemplate.equalIgnoringCase(left, right) == foundation, "\(left) / \(right)")
        }
    }
}
