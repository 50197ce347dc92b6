import MIME

extension FormNotification {
    /// The standard fields a lead has a column for, with the spellings forms use for them.
    public enum StandardField: String, Sendable, CaseIterable {
        case name, firstName, lastName, email, phone, company, jobTitle, message

        /// The field a form label names exactly ("E-mail address", "Your Company", "Téléphone"), or nil.
        static func from(key: String) -> StandardField? {
            // Asked of the first line of every paragraph, mostly prose: a line longer than any spelling with
            // "your", "(required)" and a few stars around it is none of them, and is not folded and hashed whole.
            guard key.utf8.count <= longestLabel else { return nil }
            var key = folded(key)
            if key.utf8Contains("(required)") { key = key.replacing("(required)", with: "") }
            key = key.trimmingSpaces()
            let bare = key.hasPrefix("your ") ? String(key.dropFirst(5)) : key
            return spellings[bare]
        }

        /// Lowercased, without `*`, with `-` and `_` as spaces. One pass over the bytes of an ASCII label (nearly
        /// all), over the scalars of others: this is asked of every "Label: value" line of every message.
        private static func folded(_ key: String) -> String {
            if !key.utf8.contains(where: { $0 >= 0x80 }) {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(key.utf8.count)
                for byte in key.utf8 where byte != UInt8(ascii: "*") {
                    switch byte {
                    case UInt8(ascii: "-"), UInt8(ascii: "_"): bytes.append(UInt8(ascii: " "))
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
                    default: bytes.append(byte)
                    }
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            var folded = String.UnicodeScalarView()
            for scalar in key.lowercasedInRuns().unicodeScalars where scalar != "*" {
                folded.append(scalar == "-" || scalar == "_" ? " " : scalar)
            }
            return String(folded)
        }

        /// The field a free-worded question asks for (Typeform, Google Forms: "What's your email address?"),
        /// falling back to `from(key:)`.
        static func matching(question: String) -> StandardField? {
            if let exact = from(key: question.trimmingScalars(in: ":?* ")) { return exact }
            let text = question.lowercasedInRuns()
            let rules: [(words: [String], field: StandardField)] = [
                (["email", "e-mail", "courriel", "correo"], .email),
                (["phone", "telephone", "mobile", "telefon", "téléphone", "teléfono", "reach you on"], .phone),
                (["job title", "your role", "position", "what do you do"], .jobTitle),
                (
                    ["company", "organisation", "organization", "business", "firma", "entreprise", "empresa"],
                    .company
                ),
                (["first name", "vorname", "prénom"], .firstName),
                (["last name", "surname", "nachname"], .lastName),
                (["name", "who are you"], .name),
                (
                    ["help", "message", "tell us", "project", "question", "anything else", "describe", "details"],
                    .message
                ),
            ]
            return rules.first { rule in rule.words.contains { text.contains($0) } }?.field
        }

        /// The longest label `from(key:)` can match: a spelling, "your ", "(required)" and sixteen stars or spaces.
        static let longestLabel = (spellings.keys.map(\.utf8.count).max() ?? 0) + "your (required)".utf8.count + 16

        private static let spellings: [String: StandardField] = {
            let table: [StandardField: [String]] = [
                .name: [
                    "name", "full name", "contact name", "contact", "naam", "nom", "nombre", "ihr name",
                    "nom complet", "nombre completo", "name and surname", "vorname nachname", "vor und nachname",
                    "vor  und nachname", "nom et prénom", "prénom et nom", "prénom nom", "nombre y apellidos",
                    "nome e cognome", "nome", "nome completo", "imię i nazwisko", "voor en achternaam",
                    "voor  en achternaam",
                ],
                .firstName: [
                    "first name", "firstname", "given name", "vorname", "prénom", "prenom", "fname", "voornaam",
                    "imię",
                ],
                .lastName: [
                    "last name", "lastname", "surname", "family name", "nachname", "apellido",
                    "apellidos", "lname", "cognome", "achternaam", "nazwisko",
                ],
                .email: [
                    "email", "e mail", "email address", "e mail address", "mail", "courriel", "correo",
                    "business email", "work email", "e mail adresse", "adresse e mail", "adresse email",
                    "correo electrónico", "correo electronico", "e mailadres", "indirizzo email",
                    "adres e mail",
                ],
                .phone: [
                    "phone", "telephone", "tel", "phone number", "telephone number", "mobile",
                    "mobile number", "telefon", "téléphone", "teléfono", "cell", "business phone",
                    "work phone", "mobile phone", "telefonnummer", "numéro de téléphone",
                    "número de teléfono",
                    "telefono", "phone no", "telefoonnummer", "numero di telefono", "telefon komórkowy",
                ],
                .company: [
                    "company", "company name", "organisation", "organization", "firma", "unternehmen",
                    "entreprise", "société", "empresa", "business", "firmenname", "organisation name",
                    "organization name", "company / organisation", "company/organisation",
                    "nom de l'entreprise", "bedrijf", "bedrijfsnaam", "azienda", "ragione sociale",
                    "firma / unternehmen",
                ],
                .jobTitle: [
                    "job title", "jobtitle", "title", "position", "role", "job role", "job function",
                    "funktion", "fonction", "poste", "cargo", "puesto",
                ],
                .message: [
                    "message", "enquiry", "inquiry", "comments", "comment", "question", "questions",
                    "details", "how can we help", "how can we help?", "request", "nachricht", "mensaje",
                    "project details", "message body", "mitteilung", "anfrage", "demande", "consulta",
                    "project description", "additional information", "votre message", "ihre nachricht",
                    "bericht", "messaggio", "wiadomość", "uw bericht",
                    // Form builders' default names for a text area (Zoho's "Multi Line", Gravity Forms'
                    // "Paragraph Text", WPForms' "Comment or Message") and the word in more languages.
                    "multi line", "multiline", "paragraph text", "paragraph", "long answer", "comment or message",
                    "comments or questions", "description", "remarks", "notes", "mensagem", "comentarios",
                    "commentaires", "bemerkungen", "kommentar", "meddelande", "viesti", "üzenet", "zpráva",
                    "opmerkingen",
                ],
            ]
            var result: [String: StandardField] = [:]
            for (field, words) in table {
                for word in words { result[word] = field }
            }
            return result
        }()
    }
}
