/// A template file cut into its YAML front matter and its Mustache body, with the line where each starts.
struct TemplateFileParts: Sendable {
    /// The YAML between the `---` lines; its line 1 is line 2 of the file.
    var frontMatter: String
    /// The plain-text body after the closing `---`.
    var body: String
    /// The file line of the body's first line.
    var bodyFirstLine: Int

    /// Splits a template file; the first line must be `---` and a later line must close the block with `---`.
    static func split(_ text: String, file: String) throws(TemplateProblem) -> TemplateFileParts {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingWhitespace() == "---" else {
            throw TemplateProblem(
                file: file, line: 1, column: 1,
                message: "the file must start with a front matter block: a line '---', the settings "
                    + "(subject, sources, …), another line '---', then the reply text"
            )
        }
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingWhitespace() == "---" }) else {
            throw TemplateProblem(
                file: file, line: 1, column: 1,
                message: "the front matter opened here is never closed; add a line '---' after the settings"
            )
        }
        return TemplateFileParts(
            frontMatter: lines[1..<closing].joined(separator: "\n"),
            body: lines[(closing + 1)...].joined(separator: "\n"),
            bodyFirstLine: closing + 2
        )
    }
}
