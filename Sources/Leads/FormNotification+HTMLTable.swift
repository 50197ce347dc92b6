import MIME

extension FormNotification {
    /// Reads a form notification laid out as an HTML table: rows of label and value cells (custom sites, Google
    /// Forms add-ons), or a label row followed by a value row (Gravity Forms' `{all_fields}`).
    ///
    /// Returns nil when the tables hold no email field with an address, or fewer than two standard fields.
    public init?(html: String) {
        var fields: [FormField] = []
        var pendingLabel: String?
        for row in HTMLTableRows.rows(in: html) {
            let cells = row.filter { !$0.isEmpty }
            if cells.count >= 2 {
                pendingLabel = nil
                let label = cells[0].trimmingScalars(in: ": ")
                guard !Self.headerLabels.contains(label.lowercased()) else { continue }
                fields.append(FormField(name: label, value: cells[cells.count - 1]))
            } else if cells.count == 1 {
                if let label = pendingLabel {
                    fields.append(FormField(name: label, value: cells[0]))
                    pendingLabel = nil
                } else {
                    pendingLabel = cells[0].trimmingScalars(in: ": ")
                }
            }
        }
        let standardised = fields.map(Self.standardisingQuestion)
        guard Self.hasEmailAnswer(standardised) else { return nil }
        self.init(fields: standardised)
    }

    /// Whether an email field holds an address: what tells a form's table or paragraphs from a signature table
    /// or a mail that happens to ask questions.
    static func hasEmailAnswer(_ fields: [FormField]) -> Bool {
        fields.contains { StandardField.from(key: $0.name) == .email && $0.value.utf8Contains("@") }
    }

    /// Column headings of question/answer tables, not fields.
    static let headerLabels: Set<String> = ["question", "answer", "field", "value", "frage", "antwort"]

    /// A question-worded label ("What's your email address?") renamed to its standard field's name, so that the
    /// rest of the reading treats it like an `Email:` line; other labels are kept as written.
    static func standardisingQuestion(_ field: FormField) -> FormField {
        guard StandardField.from(key: field.name) == nil,
            field.name.hasSuffix("?") || field.name.split(separator: " ").count >= 3,
            let standard = StandardField.matching(question: field.name)
        else { return field }
        return FormField(name: standard.canonicalLabel, value: field.value)
    }
}

extension FormNotification.StandardField {
    /// The English label that `from(key:)` reads back as this field.
    var canonicalLabel: String {
        switch self {
        case .name: "Name"
        case .firstName: "First name"
        case .lastName: "Last name"
        case .email: "Email"
        case .phone: "Phone"
        case .company: "Company"
        case .jobTitle: "Job title"
        case .message: "Message"
        }
    }
}
