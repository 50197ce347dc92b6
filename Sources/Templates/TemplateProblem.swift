/// One mistake in one template, located so marketing can find it: "templates/web-form.mustache:7:12: message".
///
/// `line` is 1-based and counts the front matter lines; it is 0 when the problem concerns a whole file or folder
/// (for example a missing `default.mustache`), and the description then shows only the file.
public struct TemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path of the file at fault, as built from the directory given to `load`.
    public var file: String
    /// The 1-based line in the file, front matter included; 0 when the whole file is meant.
    public var line: Int
    /// The 1-based column, when the problem points at one spot on the line.
    public var column: Int?
    /// What is wrong and how to fix it, in words for the people who edit templates.
    public var message: String

    /// Creates a located problem.
    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the format editors and `leadmail templates check` understand.
    public var description: String {
        guard line > 0 else { return "\(file): \(message)" }
        guard let column else { return "\(file):\(line): \(message)" }
        return "\(file):\(line):\(column): \(message)"
    }
}
