/// Where a piece of template text sits in its file, so positions inside the text become file positions.
///
/// A body starts after the front matter and a subject sits inside it; both are checked on their own, and this
/// puts the line numbers marketing sees back in terms of the whole file.
struct TextLocation: Sendable {
    /// The file path used in messages.
    var file: String
    /// The file line of the text's first line.
    var firstLine: Int = 1
    /// The file column of the text's first character (later lines start at column 1).
    var firstColumn: Int = 1

    /// A problem at `line`/`column` of the text, expressed in file coordinates.
    func problem(line: Int, column: Int?, message: String) -> TemplateProblem {
        let fileColumn = column.map { line == 1 ? $0 + firstColumn - 1 : $0 }
        return TemplateProblem(file: file, line: line + firstLine - 1, column: fileColumn, message: message)
    }

    /// The file line of the text's `line`.
    func fileLine(_ line: Int) -> Int {
        line + firstLine - 1
    }
}
