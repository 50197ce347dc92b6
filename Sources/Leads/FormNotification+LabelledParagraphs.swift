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
}
