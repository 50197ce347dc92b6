import Foundation

/// Reads the `Key: value` lines that website contact forms (WordPress, Gravity Forms, custom sites) send as
/// notification emails.
///
/// A value runs until the next line that starts a known or plausible key, so a multi-line `Message:` stays whole.
/// Unknown keys are kept as extra fields: they are the enquirer's answers ("How did you hear about us?").
public struct FormNotification: Sendable, Hashable {
    /// The fields in the order they came, keys as written (trimmed).
    public var fields: [FormField]

    /// The standard fields a lead has a column for, with the spellings forms use for them.
    public enum StandardField: String, Sendable, CaseIterable {
        case name, firstName, lastName, email, phone, company, message

        static func from(key: String) -> StandardField? {
            let key = key.lowercased()
                .replacingOccurrences(of: "-", with: " ")
                .replacingOccurrences(of: "_", with: " ")
                .trimmingCharacters(in: .whitespaces)
            let bare = key.hasPrefix("your ") ? String(key.dropFirst(5)) : key
            switch bare {
            case "name", "full name", "contact name", "contact", "naam", "nom", "nombre":
                return .name
            case "first name", "firstname", "given name", "vorname", "prénom", "prenom":
                return .firstName
            case "last name", "lastname", "surname", "family name", "nachname", "apellido":
                return .lastName
            case "email", "e mail", "email address", "e mail address", "mail", "courriel", "correo":
                return .email
            case "phone", "telephone", "tel", "phone number", "telephone number", "mobile", "mobile number",
                 "telefon", "téléphone", "teléfono", "cell":
                return .phone
            case "company", "company name", "organisation", "organization", "firma", "unternehmen",
                 "entreprise", "société", "empresa", "business":
                return .company
            case "message", "enquiry", "inquiry", "comments", "comment", "question", "questions", "details",
                 "how can we help", "how can we help?", "request", "nachricht", "mensaje", "project details":
                return .message
            default:
                return nil
            }
        }
    }

    /// Reads form fields from a body, or returns nil when the body does not look like a form notification
    /// (fewer than two standard fields, or no email and no name).
    public init?(text: String) {
        var fields: [FormField] = []
        var standardCount = 0
        var current: (key: String, lines: [Substring])?

        func flush() {
            guard let field = current else { return }
            let value = field.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            fields.append(FormField(name: field.key, value: value))
            current = nil
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let (key, value) = Self.keyValue(line) {
                let isStandard = StandardField.from(key: key) != nil
                // Inside the free-text message, only a known key (or a short capitalised one) starts a new field,
                // so "Note: urgent" in the enquirer's text stays in it; after a one-line field any key does.
                let inFreeText = current.map { StandardField.from(key: $0.key) == .message } ?? false
                if !inFreeText || isStandard || Self.looksLikeKey(key) {
                    flush()
                    if isStandard { standardCount += 1 }
                    current = (key, [value])
                    continue
                }
            }
            if current != nil {
                current!.lines.append(line)
            }
        }
        flush()

        let kinds = Set(fields.compactMap { StandardField.from(key: $0.name) })
        guard standardCount >= 2, kinds.contains(.email) || kinds.contains(.name) else { return nil }
        self.fields = fields
    }

    /// The first non-empty value of a standard field.
    public func value(_ field: StandardField) -> String? {
        fields.first { StandardField.from(key: $0.name) == field && !$0.value.isEmpty }?.value
    }

    /// The name, joining first and last name fields when the form splits them.
    public var name: String? {
        if let full = value(.name) { return full }
        let parts = [value(.firstName), value(.lastName)].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Fields that are not standard, for the lead's custom fields.
    public var extraFields: [FormField] {
        fields.filter { StandardField.from(key: $0.name) == nil && !$0.value.isEmpty }
    }

    /// Splits `Key: value` (also `Key : value`, `*Key:*`, `Key:` with the value on the next lines).
    static func keyValue(_ line: Substring) -> (String, Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let rawKey = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " \t*"))
        guard !rawKey.isEmpty, rawKey.count <= 40, !rawKey.contains("://"),
              rawKey.first?.isLetter == true
        else { return nil }
        let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" || $0 == "*" }
        return (rawKey, value)
    }

    /// A short label such as "Country" or "How did you hear about us?": up to six words, starting upper-case.
    static func looksLikeKey(_ key: String) -> Bool {
        let words = key.split(separator: " ")
        return words.count <= 6 && key.first?.isUppercase == true && !key.hasSuffix(".")
    }
}
