import Testing
@testable import Leads

/// The scorer's whole-word search works on lowercased UTF-8 bytes (found hot in profiles of a long backlog):
/// it must still see letters of every script, and combining accents, as parts of words.
@Suite("Scoring: whole-word matching on bytes")
struct LeadScorerWordMatchTests {
    @Test("a phrase matches only as a whole word, case-insensitively, in any script", arguments: [
        ("We need an ANGEBOT for 40 sensors.", "angebot", true),
        ("Angebotsanfrage für Sensoren", "angebot", false),
        ("Ölpreis steigt", "preis", false),
        ("Preis: 40 €", "preis", true),
        ("ÜBER uns", "über", true),
        ("un café, s'il vous plaît", "café", true),
        ("decafé", "café", false),
        ("e\u{301}quote", "quote", false),
        ("quote2", "quote", false),
        ("цена на датчики", "цена", true),
        ("", "quote", false),
        ("quote", "", false),
    ])
    func wholeWords(text: String, phrase: String, expected: Bool) {
        #expect(LeadScorer.contains(text, phrase) == expected)
    }

    /// The byte-wise lowering must give exactly `lowercased()`'s bytes, whatever mix of ASCII and other scripts.
    @Test("lowercasedUTF8 gives lowercased()'s bytes on 5,000 generated mixes of scripts")
    func loweringAgreesWithLowercased() {
        let pieces = ["A", "z", "Q ", "İ", "ẞ", "ΣΑΣ", "Ö", "é", "E\u{301}", "Ω", "ДАТЧИК", "日本", "🙂", "\u{0130}x",
                      "\r\n", "Ǆ", "@", "[", "`", "{"]
        var generator = SystemRandomNumberGenerator()
        var nonASCII = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            if text.utf8.contains(where: { $0 >= 0x80 }) { nonASCII += 1 }
            #expect(text.lowercasedUTF8 == Array(text.lowercased().utf8), "\(text)")
        }
        #expect(nonASCII > 1_000)
    }
}
