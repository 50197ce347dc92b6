import MIME

extension EnquiryText {
    /// What the enquirer asks, for the lead: their own words (`ownWords(in:)`) without the greeting line
    /// ("Hi,", "Dear Sir/Madam,", "Sehr geehrte Damen und Herren,") and without the sign-off and everything
    /// below it ("Best regards,", "Mit freundlichen Grüßen", "Cordialement", "Saludos").
    ///
    /// When that would leave nothing (a message that is only a greeting), the own words are kept as they are.
    /// - Parameter own: `ownWords(in: body)` when the caller has it already (it reads the whole body).
    public static func enquiry(in body: String, ownWords own: String? = nil) -> String {
        let own = own ?? ownWords(in: body)
        var lines = own.linesSplitAtLineFeed
        if let first = lines.firstIndex(where: { !$0.trimmedSpaces.isEmpty }),
            isGreeting(lines[first])
        {
            lines.removeSubrange(...first)
        }
        if let signOff = lines.firstIndex(where: isSignOff) {
            lines.removeSubrange(signOff...)
        }
        let text = tidy(lines.drop { $0.trimmedSpaces.isEmpty }.map { $0 })
        return text.isEmpty ? own : text
    }

    /// The signature lines of a body: those below the sign-off ("Best regards," / name / role / company /
    /// phone, blank lines skipped, at most 12) followed by those below a `-- ` separator; without a sign-off,
    /// `signature(in:)`.
    public static func signatureLines(in body: String, ownWords known: String? = nil) -> [String] {
        let ownText = known ?? ownWords(in: body)
        let own = ownText.linesSplitAtLineFeed
        guard let signOff = own.lastIndex(where: isSignOff) else { return signature(in: body, ownWords: ownText) }
        let block = own[own.index(after: signOff)...]
            .map { String($0.trimmedSpaces) }
            .filter { !$0.isEmpty }
        let hasSeparator = body.linesSplitAtLineFeed
            .contains(where: isSignatureSeparator)
        if hasSeparator { return Array(block.prefix(12)) + signature(in: body, ownWords: ownText) }
        return block.isEmpty ? signature(in: body, ownWords: ownText) : Array(block.prefix(12))
    }

    /// A salutation on its own line: "Hi,", "Hello Acme team,", "Dear Sir/Madam,", "Guten Tag,", "Bonjour,".
    static func isGreeting(_ line: Substring) -> Bool {
        let text = line.trimmedSpaces.lowercasedInRuns()
        guard text.utf8.count <= 60 || text.count <= 60,
            text.hasSuffix(",") || text.hasSuffix("!") || text.hasSuffix(":")
                || !text.utf8Contains(" ") || greetingWords.contains(text)
        else { return false }
        let bare = String(text.trimming { ",!:. 。！，：、".unicodeScalars.contains($0) })
        // ASCII text (most) is compared byte for byte with the ASCII greetings: no other greeting can match it,
        // and nothing in it can join a Character across the prefix's end.
        if let ascii = bare.utf8.withContiguousStorageIfAvailable(isASCIIGreeting), let ascii { return ascii }
        // A Character equal to a greeting's first one begins with the same byte: the first byte rules out most
        // of them before the Unicode-aware `hasPrefix`.
        let first = bare.utf8.first
        return greetingWords.contains(bare)
            || greetingPrefixes.contains { $0.utf8.first == first && bare.hasPrefix($0) }
    }

    /// Each greeting followed by a space or a comma ("dear ", "hallo,"), made once rather than for every line.
    private static let greetingPrefixes = greetingWords.flatMap { [$0 + " ", $0 + ","] }

    private static let asciiGreetings = greetingWords.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }

    /// Whether lowercased, trimmed ASCII text is a greeting, or one followed by a space or a comma; nil when it
    /// is not ASCII.
    private static func isASCIIGreeting(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !text.contains(where: { $0 >= 0x80 }) else { return nil }
        return asciiGreetings.contains { greeting in
            guard text.count >= greeting.count, text.starts(with: greeting) else { return false }
            return text.count == greeting.count
                || text[greeting.count] == UInt8(ascii: " ") || text[greeting.count] == UInt8(ascii: ",")
        }
    }

    static let greetingWords: [String] = [
        "hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening", "greetings",
        "to whom it may concern", "hallo", "guten tag", "guten morgen", "sehr geehrte", "sehr geehrter", "liebe",
        "lieber", "moin", "servus", "grüezi", "bonjour", "bonsoir", "madame", "monsieur", "cher", "chère", "hola",
        "buenos días", "buenos dias", "buenas tardes", "estimado", "estimada", "estimados", "saludos", "ciao",
        "buongiorno", "salve",
        // Welsh, Irish, Dutch, Scandinavian, Polish, Portuguese, Czech, Turkish, Māori and others a UK or European
        // sales inbox sees: a greeting line is taken off the top, never a reason to stop reading.
        "bore da", "prynhawn da", "noswaith dda", "shwmae", "s'mae", "helo", "annwyl", "dia dhuit", "a chara",
        "goedemorgen", "goedemiddag", "beste", "geachte", "hoi", "hej", "hei", "god morgen", "goddag", "dzień dobry",
        "szanowni państwo", "witam", "bom dia", "boa tarde", "olá", "prezados", "caro", "cara", "gentile",
        "dobrý den", "merhaba", "kia ora", "namaste", "salut", "grüß gott", "ahoj", "jó napot", "labdien",
        // Other scripts and the rest of Europe: Russian, Ukrainian, Bulgarian, Serbian, Greek, Chinese,
        // Japanese (the set phrase every business mail opens with), Korean, and others.
        "добрый день", "здравствуйте", "добрый вечер", "доброе утро", "уважаемые коллеги", "уважаемый",
        "уважаемая", "уважаемые", "добрий день", "доброго дня", "вітаю", "шановні", "шановний", "шановна",
        "здравейте", "добър ден", "поштовани", "καλησπέρα", "καλημέρα", "καλησπέρα σας", "καλημέρα σας",
        "αγαπητέ", "αγαπητή", "αξιότιμε", "αξιότιμη", "您好", "你好", "尊敬的", "大家好", "いつもお世話になっております",
        "お世話になっております", "はじめまして", "初めまして", "안녕하세요", "tisztelt", "bună ziua", "buna ziua",
        "stimate", "stimată", "hyvä", "päivää", "laba diena", "tere", "dobrý deň", "pozdravljeni", "poštovani",
        "dobar dan", "xin chào", "selamat pagi", "selamat siang", "שלום", "مرحبا", "السلام عليكم",
    ]

    /// A closing line: "Best regards,", "Thanks,", "Mit freundlichen Grüßen", "Bien cordialement", "Saludos".
    static func isSignOff(_ line: Substring) -> Bool {
        // Asked of every line of every message: blank and long ASCII lines (most of them) are turned away on
        // their bytes, before any Unicode trimming or lowercasing.
        if let ascii = asciiWithoutSignOffPunctuation(line) {
            guard !ascii.isEmpty, ascii.count <= 40 else { return false }
            return ascii.withASCIILowercased(isSignOff(lowercasedASCII:))
        }
        let trimmed = line.trimming { scalar in
            switch scalar {
            case ",", ".", "!", "-", "。", "！", "，", "、": true
            default: scalar.isHorizontalSpace
            }
        }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 160 else { return false }
        if trimmed.utf8.count > 40 && !trimmed.utf8.contains(where: { $0 >= 0x80 }) { return false }
        // Any sign-off this line holds begins with its first word: that word alone is lowercased first.
        let firstWord = trimmed.utf8.firstIndex(of: UInt8(ascii: " ")).map { trimmed[..<$0] } ?? trimmed
        guard signOffFirstWords.contains(firstWord.lowercasedInRuns()) else { return false }
        let text = trimmed.lowercasedInRuns()
        guard text.count <= 40 else { return false }
        if signOffs.contains(text) { return true }
        // "Best regards John": a sign-off, a space and a short name. Each space ends a candidate, looked up.
        let bytes = text.utf8
        var from = bytes.startIndex
        while let space = bytes[from...].firstIndex(of: UInt8(ascii: " ")) {
            let signOff = String(text[..<space])
            if signOffs.contains(signOff) && text.count <= signOff.count + 12 { return true }
            from = bytes.index(after: space)
        }
        return false
    }

    /// `line` without the spaces, tabs and `,.!-` at its ends, when what remains is ASCII and begins and ends in
    /// ASCII (else nil: a Unicode space may need trimming, or the text may lowercase to fewer characters).
    private static func asciiWithoutSignOffPunctuation(_ line: Substring) -> Substring.UTF8View.SubSequence? {
        let bytes = line.utf8
        let isTrimmed: (UInt8) -> Bool = { byte in
            byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "-")
        }
        guard let start = bytes.firstIndex(where: { !isTrimmed($0) }) else { return bytes[bytes.endIndex...] }
        let end = bytes.lastIndex(where: { !isTrimmed($0) })!
        let kept = bytes[start...end]
        return kept.contains { $0 >= 0x80 } ? nil : kept
    }

    /// The sign-off test on a trimmed, lowercased ASCII line: the whole of it, or a sign-off followed by a space
    /// and at most 12 more characters ("best regards john").
    private static func isSignOff(lowercasedASCII text: UnsafeBufferPointer<UInt8>) -> Bool {
        func words(_ count: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: text[..<count]), as: UTF8.self)
        }
        if signOffs.contains(words(text.count)) { return true }
        for (index, byte) in text.enumerated() where byte == UInt8(ascii: " ") && text.count <= index + 12 {
            if signOffs.contains(words(index)) { return true }
        }
        return false
    }

    /// The first word of each sign-off ("best", "mit", "bien", …).
    private static let signOffFirstWords = Set(signOffs.map { String($0.prefix { $0 != " " }) })

    static let signOffs: Set<String> = [
        "best regards", "kind regards", "warm regards", "regards", "best wishes", "best", "many thanks", "thanks",
        "thank you", "thanks in advance", "thank you in advance", "cheers", "sincerely", "yours sincerely",
        "yours faithfully", "all the best", "with thanks", "thanks and regards", "kindest regards", "br",
        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "freundliche grüsse",
        "viele grüße", "viele grüsse", "beste grüße", "beste grüsse", "liebe grüße", "herzliche grüße",
        "mfg", "gruß", "grüße", "cordialement", "bien cordialement", "bien à vous", "salutations",
        "meilleures salutations",
        "sincères salutations", "merci", "merci d'avance", "saludos", "un saludo", "saludos cordiales",
        "atentamente", "un cordial saludo", "gracias", "muchas gracias", "cordiali saluti", "distinti saluti",
        "met vriendelijke groet",
        "diolch", "diolch yn fawr", "cofion", "cofion gorau", "yn gywir", "hwyl", "met vriendelijke groeten",
        "vriendelijke groet", "med vänliga hälsningar", "vänliga hälsningar", "med venlig hilsen", "venlig hilsen",
        "med vennlig hilsen", "z poważaniem", "pozdrawiam", "atenciosamente", "cumprimentos", "saluti",
        "s pozdravem", "saygılarımla", "ngā mihi",
        "с уважением", "с наилучшими пожеланиями", "всего доброго", "спасибо", "заранее спасибо", "благодарю",
        "з повагою", "дякую", "з найкращими побажаннями", "с уважение", "поздрави", "με εκτίμηση",
        "με φιλικούς χαιρετισμούς", "ευχαριστώ", "φιλικά", "此致敬礼", "此致", "谢谢", "顺祝商祺", "祝好",
        "よろしくお願いいたします", "よろしくお願いします", "宜しくお願い致します", "宜しくお願いいたします",
        "以上、よろしくお願いいたします", "감사합니다", "üdvözlettel", "tisztelettel", "cu stimă", "cu stima",
        "cu respect", "ystävällisin terveisin", "terveisin", "lijep pozdrav", "srdačan pozdrav", "s poštovanjem",
        "s pozdravom", "s úctou", "ar cieņu", "pagarbiai", "lugupidamisega", "cordialmente", "un saluto",
        "obrigado", "obrigada", "hilsen", "hälsningar", "mvh", "groeten", "mvg",
    ]
}
