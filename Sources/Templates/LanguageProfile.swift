/// The common short words of one language, which give away the language of even a few lines of text.
///
/// Stop words are the dependable signal for business email: an enquiry of three sentences already has a dozen
/// of them, while product names, numbers and signatures (mostly English in any language) have almost none.
struct LanguageProfile: Sendable {
    /// The two-letter code templates use in `languages`, e.g. `de`.
    var code: String
    /// The language's English name, for explanations.
    var name: String
    /// Frequent words of the language, lower-case; words shared by several languages are left out.
    var words: Set<String>
    /// Letters that occur in this language and hardly in the others (`ß`, `ñ`); each counts as one more hit.
    var letters: Set<Character> = []
}

extension LanguageProfile {
    /// The languages LeadMail recognises; a template may name any two-letter code, but only these are detected.
    static let all: [LanguageProfile] = [
        LanguageProfile(
            code: "en", name: "English",
            words: [
                "the", "and", "of", "to", "is", "are", "we", "you", "your", "our", "for", "with", "would", "could",
                "please", "thank", "thanks", "this", "that", "have", "need", "which", "what", "it", "be", "from",
                "about", "will", "can", "looking", "regards", "hello", "dear", "interested", "information", "quote",
                "my", "us", "any", "if", "or", "at", "on", "an", "some", "know", "let", "kind", "best",
            ]),
        LanguageProfile(
            code: "de", name: "German",
            words: [
                "der", "die", "das", "und", "ist", "wir", "sie", "ihr", "ihre", "ihnen", "für", "mit", "nicht", "ein",
                "eine", "einen", "ich", "auf", "bitte", "danke", "vielen", "dank", "sehr", "geehrte", "geehrter",
                "grüßen", "grüße", "freundlichen", "können", "könnten", "würde", "wäre", "uns", "unser", "unsere",
                "haben", "sind", "auch", "noch", "wie", "welche", "über", "anfrage", "angebot", "guten", "tag",
                "hallo", "zu", "von", "den", "dem", "des", "wäre", "möchten", "gerne", "benötigen", "bei",
            ], letters: ["ß", "ä", "ö"]),
        LanguageProfile(
            code: "es", name: "Spanish",
            words: [
                "el", "los", "las", "que", "y", "del", "por", "para", "con", "es", "son", "estamos", "nos",
                "nuestro", "nuestra", "su", "sus", "muy", "gracias", "hola", "estimado", "estimada", "estimados",
                "saludos", "atentamente", "quisiera", "quisiéramos", "necesitamos", "podrían", "puede", "información",
                "precio", "presupuesto", "cotización", "también", "pero", "como", "más", "sobre", "empresa", "al",
                "lo", "se", "una", "cordial", "solicitud", "interesados", "unidades",
            ], letters: ["ñ", "¿", "¡"]),
        LanguageProfile(
            code: "fr", name: "French",
            words: [
                "le", "les", "des", "du", "et", "est", "nous", "vous", "votre", "vos", "notre", "pour", "avec",
                "dans", "sur", "pas", "qui", "merci", "bonjour", "madame", "monsieur", "cordialement", "salutations",
                "souhaiterions", "pourriez", "pouvez", "prix", "devis", "aussi", "mais", "très", "je", "ce", "cette",
                "sont", "avons", "être", "au", "aux", "demande", "société",
            ], letters: ["œ", "ê", "è"]),
        LanguageProfile(
            code: "it", name: "Italian",
            words: [
                "il", "gli", "della", "delle", "dei", "di", "che", "per", "sono", "siamo", "nostro", "nostra",
                "vostro", "vostra", "grazie", "buongiorno", "gentile", "cordiali", "saluti", "vorremmo", "potreste",
                "prezzo", "preventivo", "anche", "ma", "molto", "questo", "questa", "richiesta", "informazioni",
                "nella", "alla", "ci", "non",
            ]),
        LanguageProfile(
            code: "nl", name: "Dutch",
            words: [
                "de", "het", "een", "van", "wij", "u", "uw", "ons", "onze", "voor", "met", "niet", "dat", "ik",
                "op", "graag", "bedankt", "geachte", "groeten", "vriendelijke", "offerte", "prijs", "ook", "maar",
                "zeer", "zijn", "hebben", "kunnen", "zou", "wilt", "naar", "bij", "heeft",
            ]),
        LanguageProfile(
            code: "pt", name: "Portuguese",
            words: [
                "os", "do", "da", "dos", "das", "em", "um", "uma", "são", "nós", "nosso", "nossa", "você", "vocês",
                "obrigado", "obrigada", "olá", "prezado", "prezada", "atenciosamente", "gostaríamos", "poderiam",
                "preço", "orçamento", "também", "mas", "muito", "com", "não", "informações", "pedido", "empresa",
            ], letters: ["ã", "õ"]),
    ]

    /// The profile for a code, if LeadMail can detect that language.
    static func named(_ code: String) -> LanguageProfile? {
        all.first { $0.code == code }
    }

    /// `de` for "German" or "Deutsch": a hint for marketing when they write a language's name in `languages`.
    static func code(forEnglishName name: String) -> String? {
        let native = [
            "deutsch": "de", "español": "es", "espanol": "es", "français": "fr", "francais": "fr",
            "italiano": "it", "nederlands": "nl", "português": "pt", "portugues": "pt",
        ]
        return all.first { $0.name.lowercased() == name.lowercased() }?.code ?? native[name.lowercased()]
    }
}
