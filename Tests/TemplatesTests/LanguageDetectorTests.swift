import Testing

@testable import Templates

@Suite struct LanguageDetectorTests {
    @Test(
        "an enquiry of a few sentences is recognised from its words",
        arguments: [
            ("We are looking for 40 pressure transmitters for our brewery. Could you send us a quote?", "en"),
            (
                "Sehr geehrte Damen und Herren, wir benötigen 40 Drucksensoren für unsere Brauerei. "
                    + "Können Sie uns ein Angebot schicken?", "de"
            ),
            (
                "Hola, estamos interesados en 40 transmisores de presión para nuestra fábrica. "
                    + "¿Podrían enviarnos un presupuesto? Saludos", "es"
            ),
            ("Bonjour, nous souhaiterions recevoir un devis pour 40 capteurs de pression. Cordialement", "fr"),
            ("Buongiorno, vorremmo un preventivo per 40 sensori di pressione per la nostra azienda. Grazie", "it"),
            ("Geachte heer, wij willen graag een offerte voor 40 druksensoren voor onze fabriek.", "nl"),
            ("Olá, gostaríamos de receber um orçamento para 40 sensores de pressão. Obrigado", "pt"),
        ])
    func recognisesText(text: String, expected: String) {
        #expect(LanguageDetector().detect(text: text).language == expected)
    }

    @Test("clear text beats a Content-Language header that says otherwise (Outlook sets it from the locale)")
    func textBeatsHeader() {
        let text =
            "Could you please tell me which of your products are approved for ammonia service and "
            + "whether you have a distributor in Germany? Mit freundlichen Grüßen / Best regards"
        let guess = LanguageDetector().detect(text: text, contentLanguage: "de-DE")
        #expect(guess.language == "en")
        #expect(guess.reason.contains("reads as English"))
    }

    @Test("a text too short to tell follows the Content-Language header, or stays unknown without one")
    func shortTextUsesHeader() {
        let detector = LanguageDetector()
        let withHeader = detector.detect(text: "PT-420, 40 Stk.", contentLanguage: "es-ES, en-US")
        #expect(withHeader.language == "es")
        #expect(withHeader.reason.contains("Content-Language says Spanish"))
        #expect(detector.detect(text: "PT-420 x 40").language == nil)
        #expect(detector.detect(text: "PT-420 x 40", contentLanguage: "not a tag!").language == nil)
    }

    @Test("a mixed text with no clear winner is not guessed")
    func mixedTextIsNotGuessed() {
        let guess = LanguageDetector().detect(text: "Hello, vielen Dank, the Angebot is for the Anlage und die")
        #expect(guess.language == nil)
    }

    /// The scores count, per language, its common words and (up to three) its letters: the one-walk counting
    /// must give what counting language by language over the Characters gives, in every script and case.
    @Test("scores agree with a language-by-language count on 2,000 generated texts")
    func scoresAgreeWithPlainCount() {
        let pieces = [
            "the ", "Und ", "für ", "DANKE, ", "¿Podrían ", "ñ", "señor ", "œuvre ", "e\u{300}", "ê", "Grüße ",
            "ß", "obrigado ", "orçamento ", "ã", "grazie ", "per ", "offerte ", "wij ", "40 ", "\r\n", "ÉTÉ ",
            "日本 ", "🙂", "Über", "-", "de ", "la ",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let lowered = text.lowercased()
            let words = lowered.split { !$0.isLetter }.map(String.init)
            let expected = LanguageProfile.all.enumerated().map { index, profile in
                let wordHits = words.reduce(0) { $0 + (profile.words.contains($1) ? 1 : 0) }
                let letterHits = lowered.reduce(0) { $0 + (profile.letters.contains($1) ? 1 : 0) }
                return (index: index, code: profile.code, hits: wordHits + min(letterHits, 3))
            }.sorted { ($0.hits, -$0.index) > ($1.hits, -$1.index) }
            let scores = LanguageDetector.scores(text)
            #expect(scores.map(\.profile.code) == expected.map(\.code), "\(text.debugDescription)")
            #expect(scores.map(\.hits) == expected.map(\.hits), "\(text.debugDescription)")
        }
    }
}
