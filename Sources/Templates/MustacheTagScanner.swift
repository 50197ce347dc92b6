/// Finds the `{{…}}` tags in a template and their positions, which swift-mustache does not expose.
///
/// It understands plain and triple-mustache tags, sections, partials and comments; anything it cannot close is
/// reported at the opening braces, which is where marketing needs to look.
enum MustacheTagScanner {
    /// The tags in `text`, in order, and the tags that are never closed.
    static func scan(_ text: String) -> (tags: [MustacheTag], problems: [ScannedProblem]) {
        let characters = Array(text)
        var tags: [MustacheTag] = []
        var problems: [ScannedProblem] = []
        var index = 0
        var line = 1
        var column = 1

        func advance(to end: Int) {
            while index < end {
                if characters[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }

        while index < characters.count {
            guard starts(characters, at: index, with: "{{") else {
                advance(to: index + 1)
                continue
            }
            let isTriple = starts(characters, at: index + 2, with: "{")
            let isComment = !isTriple && starts(characters, at: index + 2, with: "!")
            let opening = isTriple ? 3 : 2
            let closing = isTriple ? "}}}" : "}}"
            guard let closeIndex = findClose(closing, in: characters, from: index + opening, allowNewlines: isComment)
            else {
                let snippet = String(characters[index...].prefix { !$0.isNewline }.prefix(30))
                let what = isComment ? "comment" : "tag"
                problems.append(
                    ScannedProblem(
                        line: line, column: column,
                        message: "\(what) '\(snippet)' is never closed; end it with '\(closing)'"
                    ))
                advance(to: index + opening)
                continue
            }
            let inner = String(characters[(index + opening)..<closeIndex])
            tags.append(tag(inner, isTriple: isTriple, line: line, column: column))
            advance(to: closeIndex + closing.count)
        }
        return (tags, problems)
    }

    private static func tag(_ inner: String, isTriple: Bool, line: Int, column: Int) -> MustacheTag {
        let trimmed = inner.trimmingWhitespace()
        if isTriple {
            return MustacheTag(kind: .unescapedVariable, name: trimmed, line: line, column: column)
        }
        let kind: MustacheTag.Kind
        switch trimmed.first {
        case "#": kind = .section
        case "^": kind = .invertedSection
        case "/": kind = .closeSection
        case ">": kind = .partial
        case "!": kind = .comment
        case "&": kind = .unescapedVariable
        case "=": kind = .setDelimiter
        case "%": kind = .pragma
        case "$", "<": kind = .inheritance
        default:
            return MustacheTag(kind: .variable, name: trimmed, line: line, column: column)
        }
        let name = String(trimmed.dropFirst()).trimmingWhitespace()
        return MustacheTag(kind: kind, name: name, line: line, column: column)
    }

    /// The index where `closing` starts, or nil when the tag runs into a new tag, a line end, or the end of text.
    private static func findClose(
        _ closing: String, in characters: [Character], from start: Int, allowNewlines: Bool
    ) -> Int? {
        var index = start
        while index < characters.count {
            if starts(characters, at: index, with: closing) { return index }
            // Any line break counts (U+2028 too): the parser ends a line there, so the tag would never be read.
            if !allowNewlines, characters[index].isNewline || starts(characters, at: index, with: "{{") {
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func starts(_ characters: [Character], at index: Int, with prefix: String) -> Bool {
        var position = index
        for character in prefix {
            guard position < characters.count, characters[position] == character else { return false }
            position += 1
        }
        return true
    }
}
