import Foundation
import MIME
import Testing
@testable import Leads

/// The ASCII byte paths that stand in front of Character-by-Character rules give what those rules give: checked on
/// generated text made of the characters that matter to each rule.
@Suite("ASCII fast paths agree with the Character rules")
struct ASCIIFastPathTests {
    @Test("PersonName.clean: 20,000 generated names cleaned as Character by Character")
    func cleanMatchesCharacterWay() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["Anna", "SCHMIDT", "o'Neil", " ", "  ", "\t", "\r\n", "\n", "\u{0B}", ",", ", ", "\"", "'", "@",
                      "Dr.", "x", "-", "."]
        for _ in 0..<20_000 {
            let raw = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(PersonName.clean(raw) == PersonName.cleanByCharacter(raw), "\(raw.debugDescription)")
        }
    }

    @Test("EmailAddress.isPlausible: 20,000 generated addresses judged as Character by Character")
    func plausibleMatchesCharacterWay() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["anna", "@", ".", "example", "com", " ", "\t", "\r\n", "<", ">", ",", "-", "+", "_", "@@", ".."]
        for _ in 0..<20_000 {
            let address = (0..<Int.random(in: 0...7, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(EmailAddress.isPlausible(address) == EmailAddress.isPlausibleByCharacter(address),
                    "\(address.debugDescription)")
        }
    }

    @Test("EnquiryText.isGreeting: 20,000 generated first lines judged as the all-Character rule did")
    func greetingMatchesCharacterWay() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["Hi", "hello", "Dear", "dear", "Sir", "Madam", "Chère", "che\u{300}re", "Grüezi", "Buenos días",
                      "buenos dias", "Sehr geehrte", "Damen", " ", ",", "!", ":", ".", "team", "Anna", "é", "x",
                      "to whom it may concern", "Hallo,", "hey!"]
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 0...5, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(EnquiryText.isGreeting(Substring(line)) == Self.isGreetingByCharacter(Substring(line)),
                    "\(line.debugDescription)")
        }
    }

    /// `EnquiryText.isGreeting` as it was, Character by Character throughout: the reference.
    static func isGreetingByCharacter(_ line: Substring) -> Bool {
        let text = line.trimmedSpaces.lowercased()
        guard text.count <= 60, text.hasSuffix(",") || text.hasSuffix("!") || text.hasSuffix(":")
                || !text.utf8Contains(" ") || EnquiryText.greetingWords.contains(text)
        else { return false }
        let bare = String(text.trimming { ",!:. ".unicodeScalars.contains($0) })
        return EnquiryText.greetingWords.contains { bare == $0 || bare.hasPrefix($0 + " ") || bare.hasPrefix($0 + ",") }
    }
}
