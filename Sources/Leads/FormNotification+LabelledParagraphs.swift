import MIME

extension FormNotification {
    /// Reads notifications that put each label on its own line and the answer below it, paragraph by paragraph
    /// (Typeform's and HubSpot's emails turned into text: "What's your email?" / "jane@x.example").
    ///
    /// A paragraph counts when its first line is a known label or a question ending in "?"; the other lines are
    /// the answer. Returns nil unless that gives two standard fields, one of them an email with an address.
    public init?(labelledParagraphs text: String) {
        var fields: [FormField] = []
        let paragraphs = text.linesSplitAtLineFeed
            .split { $0.trimmedSpaces.isEmpty }
        for paragraph in paragraphs {
            // Only a paragraph that starts with a label has its lines made into Strings.
            guard paragraph.count >= 2 else { continue }
            let first = paragraph[paragraph.startIndex].trimmingSpaces()
            let label = first.trimmingScalars(in: "*: ")
            let isLabel = StandardField.from(key: label) != nil || (first.hasSuffix("?") && label.count <= 90)
            guard isLabel else { continue }
            let answer = paragraph.dropFirst().map { $0.trimmingSpaces() }.joined(separator: "\n")
            fields.append(Self.standardisingQuestion(FormField(name: label, value: answer)))
        }
        guard Self.hasEmailAnswer(fields) else { return nil }
        self.init(fields: fields)
    }

    /// Reads a form's HTML layout as text, where each label and each answer is a line of its own without blank
    /// lines between fields (`<dt>`/`<dd>`, `<strong>Label</strong><br>answer`): a line that is a standard
    /// field's label starts a field, and the lines up to the next such label are its answer.
    ///
    /// Only for the text of a form's HTML part: in a person's mail such lines are a signature. Returns nil
    /// unless that gives two standard fields, one of them an email with an address.
    public init?(labelledLines text: String) {
        var fields: [FormField] = []
        for line in text.linesSplitAtLineFeed {
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty else { continue }
            let label = trimmed.trimmingScalars(in: "*: ")
            if StandardField.from(key: label) != nil {
                fields.append(FormField(name: label, value: ""))
            } else if !fields.isEmpty {
                let last = fields.count - 1
                fields[last].value += fields[last].value.isEmpty ? trimmed : "\n" + trimmed
            }
        }
        fields.removeAll { $0.value.isEmpty }
        guard Self.hasEmailAnswer(fields) else { return nil }
        self.init(fields: fields)
    }
}
