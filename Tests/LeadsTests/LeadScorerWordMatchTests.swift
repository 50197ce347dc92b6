import Testing

@testable import Leads

/// The scorer's whole-word search works on lowercased UTF-8 bytes (found hot in profiles of a long backlog):
/// it must still see letters of every script, and combining accents, as parts of words.
@Suite("Scoring: whole-word matching on bytes")
struct LeadScorerWordMatchTests {
    @Test(
        "a phrase matches only as a whole word, case-insensitively, in any script",
        arguments: [
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
}
