import MIME

/// What a signature block tells about its writer: phone, job title and company.
///
/// Signatures have no format, so this reads the common shapes: one item per line ("Jane Okafor" / "Head of
/// Procurement" / "Brightwater Ltd" / "Tel: …"), items joined with `|`, `,` or " at " ("Buyer | Brightwater
/// Ltd", "Head of Procurement at Brightwater"), and labelled lines ("Company: …"). A line is a job title when
/// it names a role, a company when it carries a legal form (Ltd, GmbH, S.A., …) or follows a job title.
public struct SignatureDetails: Sendable, Hashable {
    public var phone: String?
    public var jobTitle: String?
    public var company: String?

    public init(phone: String? = nil, jobTitle: String? = nil, company: String? = nil) {
        self.phone = phone
        self.jobTitle = jobTitle
        self.company = company
    }

    /// Reads `lines` (a signature block, top to bottom); `name` is the writer's name, to skip that line.
    public init(lines: [String], name: String? = nil) {
        phone = PhoneNumber.first(in: lines)
        let nameKey = name?.lowercasedInRuns()
        var pieces: [String] = []
        for line in lines {
            let lower = line.lowercasedInRuns()
            if lower.isEmpty || lower == nameKey || EnquiryText.isSignOff(Substring(line)) { continue }
            if let (label, value) = Self.labelled(line) {
                if label == "company" { company = company ?? value }
                if label == "title" { jobTitle = jobTitle ?? value }
                continue
            }
            if Self.isContactLine(lower) { continue }
            pieces += Self.split(line).filter(Self.isShortItem)
        }
        // A legal form names the company wherever it stands; what follows a role is only the likelier guess.
        let formal = pieces.contains { $0.lowercasedInRuns() != nameKey && Self.hasLegalForm($0) }
        for (index, piece) in pieces.enumerated() where piece.lowercasedInRuns() != nameKey {
            if jobTitle == nil, Self.isJobTitle(piece) {
                jobTitle = piece
                // "Head of Procurement" / "Brightwater": a company usually follows the role.
                if company == nil, !formal, index + 1 < pieces.count, !Self.isJobTitle(pieces[index + 1]),
                    !Self.isAddress(pieces[index + 1])
                {
                    company = pieces[index + 1]
                }
            } else if company == nil, Self.hasLegalForm(piece) {
                company = Self.withoutDepartment(piece)
            }
        }
        if company == nil, let next = Self.lineAfterName(in: lines, name: nameKey),
            let piece = Self.split(next).first(where: { !Self.isJobTitle($0) }), Self.isShortItem(piece),
            !Self.isAddress(piece),
            !Self.isContactLine(piece.lowercasedInRuns())
        {
            // "Jane Okafor" / "Greenleaf Nursery": right below the name and not a role, the employer.
            company = piece
        }
    }

    /// A role or a company is a few words; a sentence ("We need 25 gear motors as spare parts. Are they in
    /// stock?", where "as" is Norway's legal form, or "我们公司需要…。") is neither, even when it stands last, as a
    /// one-line enquiry does.
    static func isShortItem(_ piece: String) -> Bool {
        guard !piece.hasSuffix("?"), piece.utf8.count(where: { $0 == UInt8(ascii: " ") }) < 8 else { return false }
        // Chinese and Japanese sentences have no spaces to count, but their own punctuation.
        return !piece.utf8.contains(where: { $0 >= 0xE3 }) || !"。？！，、".contains(where: piece.contains)
    }

    /// "Kansai Seimitsu Co., Ltd." from "Production Engineering Dept., Kansai Seimitsu Co., Ltd.".
    static func withoutDepartment(_ piece: String) -> String {
        let segments = piece.components(separatedBy: ", ")
        let words = ["dept", "dept.", "department", "division", "abteilung", "team", "département", "departamento"]
        let kept = segments.drop { segment in
            segment.lowercasedInRuns().split(separator: " ").contains { words.contains(String($0)) }
        }
        return kept.isEmpty ? piece : kept.joined(separator: ", ")
    }

    /// The line right after the writer's name (blank lines aside), when the name has a line of its own.
    static func lineAfterName(in lines: [String], name: String?) -> String? {
        guard let name else { return nil }
        let filled = lines.filter { !$0.isEmpty }
        // An ASCII line of another length cannot lowercase to the name: only the others are lowercased.
        let mayBeName: (String) -> Bool = { line in
            (line.utf8.count == name.utf8.count || line.utf8.contains { $0 >= 0x80 }) && line.lowercasedInRuns() == name
        }
        guard let at = filled.firstIndex(where: mayBeName), at + 1 < filled.count else {
            return nil
        }
        return filled[at + 1]
    }

    /// "Company: …", "Firma: …", "Title: …", "Position: …".
    static func labelled(_ line: String) -> (String, String)? {
        guard let colon = line.firstCharacter(whereASCII: { $0 == UInt8(ascii: ":") }) else { return nil }
        let label = line[..<colon].trimmingSpaces().lowercasedInRuns()
        let value = line[line.index(after: colon)...].trimmingSpaces()
        guard !value.isEmpty else { return nil }
        if ["company", "firma", "unternehmen", "société", "entreprise", "empresa", "organisation"].contains(label) {
            return ("company", value)
        }
        if ["title", "position", "job title", "role", "funktion", "poste", "cargo"].contains(label) {
            return ("title", value)
        }
        return label.count <= 12 && !label.utf8Contains(" ") ? ("other", value) : nil
    }

    /// Phone, web, email and social lines, which are neither role nor company.
    static func isContactLine(_ lower: String) -> Bool {
        if lower.utf8Contains("@") || lower.utf8Contains("www.") || lower.utf8Contains("http")
            || lower.utf8Contains("linkedin")
        {
            return true
        }
        // A phone number has seven ASCII digits (`PhoneNumber.plausibleNumber`): fewer, and no need to count
        // the Characters that are numbers. In ASCII those are seven such Characters already; other text is
        // counted by Character (a prepended mark makes the digit after it part of a Character that is not one).
        guard PhoneNumber.hasEnoughDigits(lower) else { return false }
        if lower.utf8.contains(where: { $0 >= 0x80 }), lower.filter(\.isNumber).count < 7 { return false }
        return PhoneNumber.first(in: [lower]) != nil
    }

    /// A line cut into its items: "Buyer | Brightwater Ltd", "Head of Sales, Northwind GmbH",
    /// "Head of Procurement at Brightwater".
    static func split(_ line: String) -> [String] {
        var parts = [line]
        for separator in [" | ", " / ", " · ", " – ", " — ", " - "] where line.utf8Contains(separator) {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        parts = parts.flatMap { part -> [String] in
            for joiner in [" at ", " bei ", " chez ", " en "] {
                if let range = part.utf8Range(of: joiner),
                    isJobTitle(String(part[..<range.lowerBound])) || hasLegalForm(String(part[range.upperBound...]))
                {
                    return [String(part[..<range.lowerBound]), String(part[range.upperBound...])]
                }
            }
            // "Head of Sales, Northwind GmbH" but not "Acme, Inc." or "Berlin, Germany".
            if let comma = part.firstCharacter(whereASCII: { $0 == UInt8(ascii: ",") }),
                isJobTitle(String(part[..<comma]))
            {
                return [String(part[..<comma]), String(part[part.index(after: comma)...])]
            }
            return [part]
        }
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// Whether an item names a role ("Head of Procurement", "Einkaufsleiter", "Directeur technique").
    static func isJobTitle(_ item: String) -> Bool {
        if let isTitle = ASCIIWords.isJobTitle(item) { return isTitle }
        // Every title word and stem has a Latin letter: a line in Cyrillic, Greek, Hebrew or CJK has none.
        guard mayLowercaseToASCIILetters(item) else { return false }
        let lower = item.lowercasedInRuns()
        guard item.count <= 60, !hasLegalForm(item) else { return false }
        let words = lower.split { !$0.isLetter }.map(String.init)
        if words.contains(where: titleWords.contains) { return true }
        return titleStems.contains { lower.utf8Contains($0) }
    }

    static let titleWords: Set<String> = [
        "manager", "director", "head", "engineer", "officer", "lead", "buyer", "purchaser", "ceo", "cto", "cfo",
        "coo", "cio", "founder", "co-founder", "owner", "partner", "consultant", "specialist", "coordinator",
        "assistant", "president", "vp", "administrator", "analyst", "architect", "supervisor", "planner",
        "technician", "controller", "chief", "executive", "associate", "agent", "representative", "procurement",
        "purchasing", "geschäftsführer", "geschäftsführerin", "leiter", "leiterin", "inhaber", "inhaberin",
        "einkäufer", "einkäuferin", "ingenieur", "ingenieurin", "referent", "referentin", "projektleiter",
        "directeur", "directrice", "responsable", "gérant", "gérante", "chef", "acheteur", "acheteuse",
        "ingénieur", "chargé", "chargée", "gerente", "director", "directora", "jefe", "jefa", "responsable",
        "comprador", "compradora", "ingeniero", "ingeniera", "técnico", "técnica", "administrador",
        "fondatrice", "fundadora", "responsabile", "direttore", "direttrice", "engenheiro", "engenheira",
        "titolare", "amministratore", "socio", "propriétaire", "vd", "hoofd", "inkoper", "eigenaar",
        "bedrijfsleider",
    ]

    /// Pieces of compound titles: "Verkaufsleiter", "Inköpschef", "Driftchef", "Hoofd inkoop".
    static let titleStems = [
        "einkauf", "leitung", "vertrieb", "manager", "direktor", "fondateur", "fundador", "leiter", "chef", "inköp",
        "inkoop",
    ]

    /// Whether an item carries a company's legal form ("Ltd", "GmbH", "S.A.", "Inc.").
    static func hasLegalForm(_ item: String) -> Bool {
        // Chinese, Japanese and Korean forms are written without spaces, inside the name.
        if item.utf8.contains(where: { $0 >= 0xE0 }), cjkLegalForms.contains(where: item.contains) { return true }
        guard mayLowercaseToASCIILetters(item) else { return false }  // every other legal form has a Latin letter
        if let hasForm = ASCIIWords.hasLegalForm(item) { return hasForm }
        let words = item.split { $0 == " " || $0 == "," }.map { $0.lowercasedInRuns() }
        return words.contains { legalForms.contains($0) }
    }

    /// "株式会社佐藤電機", "阿部精機株式会社", "李机电有限公司", "삼성전자 주식회사", "(株)", "㈱".
    static let cjkLegalForms = [
        "株式会社", "有限会社", "合同会社", "合資会社", "(株)", "（株）", "㈱", "(有)", "（有）", "㈲", "有限公司", "有限责任公司",
        "股份有限公司", "股份公司", "集团", "集團", "公司", "주식회사", "(주)", "㈜", "유한회사",
    ]

    static let legalForms: Set<String> = [
        "ltd", "ltd.", "limited", "plc", "llp", "llc", "inc", "inc.", "corp", "corp.", "corporation", "co.",
        "gmbh", "ag", "kg", "gmbh & co. kg", "ohg", "ug", "e.k.", "se", "sa", "s.a.", "sas", "s.a.s.", "sarl",
        "s.a.r.l.", "sl", "s.l.", "s.l.u.", "slu", "bv", "b.v.", "nv", "n.v.", "srl", "s.r.l.", "spa", "s.p.a.",
        "a/s", "ab", "as", "oy", "oü", "s.r.o.", "o.o.", "lda", "pvt", "pty", "group", "holdings",
        // Nordic, Central European and Iberian forms, and family firms ("& Co", "e Figli", "et Fils").
        "aps", "i/s", "k/s", "hb", "kb", "oyj", "asa", "a.s.", "k.s.", "v.o.s.", "spol.", "s.c.", "sp.j.", "sp.k.",
        "s.a.u.", "s.l.n.e.", "s.com.", "ltda", "ltda.", "s/a", "e.g.", "eg", "e.v.", "gbr", "kgaa", "vof",
        "v.o.f.", "bvba", "sprl", "snc", "s.n.c.", "s.a.s", "s.coop.", "s.c.p.", "ppuh", "phu", "fhu", "figli",
        "fils", "söhne", "sons",
    ]

    /// Whether `item` lowercased has an ASCII letter: it has one itself, or U+0130 (İ, lowered to "i" and a dot
    /// above) or U+212A (the Kelvin sign, lowered to "k"), the only other scalars that lowercase to ASCII.
    /// Without one, no word of the lists above can be in it; the non-ASCII lines that have none skip the
    /// Character-by-Character lowercasing and splitting.
    static func mayLowercaseToASCIILetters(_ item: String) -> Bool {
        var bytes = item.utf8.makeIterator()
        var previous: (UInt8, UInt8) = (0, 0)
        while let byte = bytes.next() {
            if (byte | 0x20) &- UInt8(ascii: "a") < 26 { return true }
            if previous.1 == 0xC4 && byte == 0xB0 { return true }
            if previous == (0xE2, 0x84) && byte == 0xAA { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// A postal address line ("12 High Street", "10115 Berlin") rather than a company.
    static func isAddress(_ item: String) -> Bool {
        item.first?.isNumber == true || item.filter(\.isNumber).count >= 4
    }
}

/// `SignatureDetails`' word lookups for ASCII items (nearly every signature line), on a lowercased copy of the
/// bytes on the stack, each word looked up as it is found: no lowercased String, no array of words, no walk by
/// Character. Each returns nil for other text, which takes the Character way.
private enum ASCIIWords {
    static func isJobTitle(_ item: String) -> Bool? {
        guard isPlainASCII(item) else { return nil }
        guard item.utf8.count <= 60, hasLegalForm(item) == false else { return false }
        return item.utf8.withASCIILowercased { lower in
            let isLetter: (UInt8) -> Bool = { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            if containsWord(of: lower, in: SignatureDetails.titleWords, isWordByte: isLetter) { return true }
            let text = String(decoding: lower, as: UTF8.self)
            return SignatureDetails.titleStems.contains { text.utf8Contains($0) }
        }
    }

    static func hasLegalForm(_ item: String) -> Bool? {
        if isPlainASCII(item) {
            return item.utf8.withASCIILowercased { lower in
                containsWord(of: lower, in: SignatureDetails.legalForms) {
                    $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ",")
                }
            }
        }
        // Other text is cut at the same bytes, and each word lowercased as a String. A space or comma next to a
        // non-ASCII byte may be inside a cluster (a combining mark after it, a prepended mark such as U+0600
        // before it), which the Character split does not cut: such text, and "\r\n", go the Character way.
        let bytes = Array(item.utf8)
        let isSeparator: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") }
        for index in bytes.indices {
            if bytes[index] == 0x0D { return nil }
            if isSeparator(bytes[index]),
                (index + 1 < bytes.count && bytes[index + 1] >= 0x80) || (index > 0 && bytes[index - 1] >= 0x80)
            {
                return nil
            }
        }
        for word in bytes.split(whereSeparator: isSeparator) {
            // The longest legal form has 11 bytes; lowercasing does not shrink a word to half its bytes.
            guard word.count <= 24 else { continue }
            if SignatureDetails.legalForms.contains(String(decoding: word, as: UTF8.self).lowercasedInRuns()) {
                return true
            }
        }
        return false
    }

    /// ASCII, and no "\r" (a "\r\n" would be one Character for the Character way's length limit).
    private static func isPlainASCII(_ item: String) -> Bool {
        !item.utf8.contains { $0 >= 0x80 || $0 == 0x0D }
    }

    /// Whether a maximal run of `isWordByte` bytes is in `words`.
    private static func containsWord(
        of text: UnsafeBufferPointer<UInt8>, in words: Set<String>, isWordByte: (UInt8) -> Bool
    ) -> Bool {
        var start = 0
        while start < text.count {
            guard isWordByte(text[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < text.count, isWordByte(text[end]) { end += 1 }
            if words.contains(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)) {
                return true
            }
            start = end
        }
        return false
    }
}
