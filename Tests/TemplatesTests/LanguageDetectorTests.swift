import Testing
@testable import Templates

@Suite struct LanguageDetectorTests {
    @Test("an enquiry of a few sentences is recognised from its words", arguments: [
        ("We are looking for 40 pressure transmitters for our brewery. Could you send us a quote?", "en"),
        ("Sehr geehrte Damen und Herren, wir benötigen 40 Drucksensoren für unsere Brauerei. "
            + "Können Sie uns ein Angebot schicken?", "de"),
        ("Hola, estamos interesados en 40 transmisores de presión para nuestra fábrica. "
            + "¿Podrían enviarnos un presupuesto? Saludos", "es"),
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
        let text = "Could you please tell me which of your products are approved for ammonia service and "
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
}
