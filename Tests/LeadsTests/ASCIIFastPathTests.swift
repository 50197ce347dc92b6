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
        let pieces = [
            "Anna", "SCHMIDT", "o'Neil", " ", "  ", "\t", "\r\n", "\n", "\u{0B}", ",", ", ", "\"", "'", "@",
            "Dr.", "x", "-", ".",
        ]
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
            #expect(
                EmailAddress.isPlausible(address) == EmailAddress.isPlausibleByCharacter(address),
                "\(address.debugDescription)")
        }
    }

    @Test("EnquiryText.isGreeting: 20,000 generated first lines judged as the all-Character rule did")
    func greetingMatchesCharacterWay() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "Hi", "hello", "Dear", "dear", "Sir", "Madam", "Chère", "che\u{300}re", "Grüezi", "Buenos días",
            "buenos dias", "Sehr geehrte", "Damen", " ", ",", "!", ":", ".", "team", "Anna", "é", "x",
            "to whom it may concern", "Hallo,", "hey!",
        ]
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 0...5, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(
                EnquiryText.isGreeting(Substring(line)) == Self.isGreetingByCharacter(Substring(line)),
                "\(line.debugDescription)")
        }
    }

    /// Signature items in Latin, other scripts and the two non-ASCII scalars that lowercase to ASCII (İ and the
    /// Kelvin sign), with role words, legal forms, separators, digits of several scripts and a Prepend mark.
    static let signaturePieces = [
        "Head", "of", "Sales", "manager", "MANAGER", "Ltd", "GmbH", "\u{212A}G", "\u{212A}", "İ", "İnc", "Inköpschef",
        "Geschäftsführer", "Técnico", "te\u{301}cnico", "Менеджер", "руководитель", "総務部", "μηχανικός", "ｍａｎａｇｅｒ",
        "Große", "Elbstraße", " ", ", ", ",", " | ", "-", "+44", "0171", "555 1234", "20", "١٢٣٤", "五", "\u{0600}", "@",
        "www.", "Tel:", "\u{00A0}", "é", "Ω",
    ]

    @Test("Signature word look-ups: 20,000 generated items judged as the all-Character rules did")
    func signatureWordsMatchCharacterWay() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let item = (0..<Int.random(in: 0...6, using: &generator))
                .map { _ in Self.signaturePieces.randomElement(using: &generator)! }.joined()
            #expect(SignatureDetails.isJobTitle(item) == Self.isJobTitleByCharacter(item), "\(item.debugDescription)")
            #expect(
                SignatureDetails.hasLegalForm(item) == Self.hasLegalFormByCharacter(item), "\(item.debugDescription)")
            let lower = item.lowercased()
            #expect(
                SignatureDetails.isContactLine(lower) == Self.isContactLineByCharacter(lower),
                "\(lower.debugDescription)")
            // `PhoneNumber.first` skips lines without seven ASCII digits: no part of such a line is a number.
            if !PhoneNumber.hasEnoughDigits(item) {
                for start in item.indices {
                    #expect(PhoneNumber.plausibleNumber(item[start...]) == nil, "\(item.debugDescription)")
                }
            }
        }
    }

    /// `SignatureDetails.isJobTitle` as it was before the byte paths, Character by Character: the reference.
    static func isJobTitleByCharacter(_ item: String) -> Bool {
        let lower = item.lowercased()
        guard item.count <= 60, !hasLegalFormByCharacter(item) else { return false }
        let words = lower.split { !$0.isLetter }.map(String.init)
        if words.contains(where: SignatureDetails.titleWords.contains) { return true }
        return SignatureDetails.titleStems.contains { lower.utf8Contains($0) }
    }

    static func hasLegalFormByCharacter(_ item: String) -> Bool {
        item.split { $0 == " " || $0 == "," }.map { $0.lowercased() }.contains {
            SignatureDetails.legalForms.contains($0)
        }
    }

    static func isContactLineByCharacter(_ lower: String) -> Bool {
        if lower.utf8Contains("@") || lower.utf8Contains("www.") || lower.utf8Contains("http")
            || lower.utf8Contains("linkedin")
        {
            return true
        }
        return lower.filter(\.isNumber).count >= 7 && PhoneNumber.first(in: [lower]) != nil
    }

    /// `EnquiryText.isGreeting` as it was, Character by Character throughout: the reference.
    static func isGreetingByCharacter(_ line: Substring) -> Bool {
        let text = line.trimmedSpaces.lowercased()
        guard text.count <= 60,
            text.hasSuffix(",") || text.hasSuffix("!") || text.hasSuffix(":")
                || !text.utf8Contains(" ") || EnquiryText.greetingWords.contains(text)
        else { return false }
        let bare = String(text.trimming { ",!:. ".unicodeScalars.contains($0) })
        return EnquiryText.greetingWords.contains { bare == $0 || bare.hasPrefix($0 + " ") || bare.hasPrefix($0 + ",") }
    }
}
