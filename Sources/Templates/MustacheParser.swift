/// Why a piece of template text could not be parsed, at the position (within that text) where parsing stopped.
///
/// ``TemplateTextChecker`` finds nearly every mistake first, with a friendlier message; these are what is left,
/// such as a partial name with a space in it.
struct MustacheSyntaxError: Error, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        case unfinishedTag
        case closeDoesNotMatch(open: String?, close: String)
        case sectionNeverClosed(String)
        case unsupportedTag(Character)
    }

    var reason: Reason
    /// 1-based line and column within the parsed text.
    var line: Int
    var column: Int

    /// What marketing should change, in their words.
    var message: String {
        switch reason {
        case .unfinishedTag:
            "this tag is not finished; names are letters, digits, '.', '-' and '_', ended by }}"
        case .closeDoesNotMatch(let open?, let close):
            "{{/\(close)}} does not match the open section {{#\(open)}}; close that one first with {{/\(open)}}"
        case .closeDoesNotMatch(nil, let close):
            "{{/\(close)}} closes a section that was never opened; add {{#\(close)}} before it or delete it"
        case .sectionNeverClosed(let name):
            "section {{#\(name)}} is never closed; add {{/\(name)}} where it should end"
        case .unsupportedTag(let kind):
            "tags starting with '\(kind)' are not supported; use names, sections, partials and comments"
        }
    }
}

/// Parses template text into a ``MustacheDocument`` the way swift-mustache does, for the subset LeadMail uses.
///
/// It works on Characters, as swift-mustache does, so that the same text makes the same tags and lines; it runs
/// once per file when templates load, never per reply. Its rules for a tag alone on its line (the line disappears;
/// a partial's leading whitespace indents every line of the partial) are swift-mustache's, including where they
/// differ from the Mustache spec: after a section, whether the next line starts fresh depends on the opening tag.
struct MustacheParser {
    private let characters: [Character]
    private var index = 0

    private init(_ text: String) {
        characters = Array(text)
    }

    static func parse(_ text: String, escaping: MustacheDocument.Escaping) throws(MustacheSyntaxError)
        -> MustacheDocument
    {
        var parser = MustacheParser(text)
        return MustacheDocument(nodes: try parser.parseNodes(inSection: nil, startsLine: true), escaping: escaping)
    }

    // MARK: Nodes

    private mutating func parseNodes(
        inSection section: String?, startsLine: Bool
    ) throws(MustacheSyntaxError) -> [MustacheDocument.Node] {
        var nodes: [MustacheDocument.Node] = []
        var atLineStart = startsLine
        var whitespaceBefore = ""
        // Leading whitespace is held back until the line shows whether it holds a standalone tag.
        func flushWhitespace() {
            if !whitespaceBefore.isEmpty {
                nodes.append(.text(whitespaceBefore))
                whitespaceBefore = ""
            }
        }
        while !atEnd {
            if atLineStart { whitespaceBefore = read { $0 == " " || $0 == "\t" } }
            let text = readTextUntilTagOrLineEnd()
            if current.isNewline {
                nodes.append(.text(whitespaceBefore + text + String(current)))
                atLineStart = true
                index += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = ""
                atLineStart = false
            }
            if atEnd { break }
            var nextStartsLine = false
            switch current {
            case "#", "^":
                let isInverted = current == "^"
                index += 1
                let name = try readName()
                if isStandalone(atLineStart) {
                    nextStartsLine = true
                } else {
                    flushWhitespace()
                }
                let children = try parseNodes(inSection: name, startsLine: nextStartsLine)
                nodes.append(
                    isInverted
                        ? .invertedSection(name: name, nodes: children)
                        : .section(name: name, nodes: children))
            case "/":
                index += 1
                let start = index
                let name = try readName()
                guard name == section else {
                    index = start
                    throw failure(.closeDoesNotMatch(open: section, close: name))
                }
                if !isStandalone(atLineStart) { flushWhitespace() }
                return nodes
            case "!":
                index += 1
                try skipComment()
                nextStartsLine = isStandalone(atLineStart)
            case "{":
                flushWhitespace()
                index += 1
                let name = try readName()
                guard current == "}" else { throw failure(.unfinishedTag) }
                index += 1
                nodes.append(.variable(name: name, escaped: false))
            case "&":
                flushWhitespace()
                index += 1
                nodes.append(.variable(name: try readName(), escaped: false))
            case ">":
                index += 1
                _ = read { $0.isWhitespace }
                if current == "*" { throw failure(.unsupportedTag("*")) }
                let name = try readName(allowing: Self.partialNameCharacters)
                // The whitespace stays as text, and indents the partial's other lines when the tag stands alone.
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(atLineStart) {
                    nextStartsLine = true
                    nodes.append(.partial(name: name, indentation: whitespaceBefore))
                } else {
                    nodes.append(.partial(name: name, indentation: nil))
                }
                whitespaceBefore = ""
            case "=", "%", "$", "<":
                throw failure(.unsupportedTag(current))
            default:
                flushWhitespace()
                nodes.append(.variable(name: try readName(), escaped: true))
            }
            atLineStart = nextStartsLine
        }
        if let section { throw failure(.sectionNeverClosed(section)) }
        return nodes
    }

    // MARK: Reading

    private var atEnd: Bool { index == characters.count }

    /// The character at the reading position; NUL at the end, which is neither a line end nor part of a tag.
    private var current: Character { atEnd ? "\0" : characters[index] }

    private mutating func read(while belongs: (Character) -> Bool) -> String {
        let start = index
        while !atEnd, belongs(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    /// Text up to a line end (left unread) or an opening `{{` (read); a single `{` is text.
    private mutating func readTextUntilTagOrLineEnd() -> String {
        var text = ""
        while !atEnd {
            text += read { $0 != "\n" && $0 != "\r\n" && $0 != "{" }
            if atEnd || current.isNewline { break }
            if index + 1 < characters.count, characters[index + 1] == "{" {
                index += 2
                break
            }
            text.append("{")
            index += 1
        }
        return text
    }

    /// A tag's name and its closing `}}`, with whitespace either side of the name.
    private mutating func readName(
        allowing allowed: Set<Character> = Self.nameCharacters
    ) throws(MustacheSyntaxError) -> String {
        _ = read { $0.isWhitespace }
        let name = read { allowed.contains($0) }
        _ = read { $0.isWhitespace }
        guard readClosingBraces() else { throw failure(.unfinishedTag) }
        return name
    }

    private mutating func readClosingBraces() -> Bool {
        guard index + 1 < characters.count, characters[index] == "}", characters[index + 1] == "}" else {
            return false
        }
        index += 2
        return true
    }

    private mutating func skipComment() throws(MustacheSyntaxError) {
        while !atEnd {
            if readClosingBraces() { return }
            index += 1
        }
        throw failure(.unfinishedTag)
    }

    /// Whether the tag just read is alone on its line; if so, the rest of the line and its line end are consumed.
    private mutating func isStandalone(_ atLineStart: Bool) -> Bool {
        guard atLineStart else { return false }
        if atEnd { return true }
        var end = index
        while end < characters.count, characters[end] == " " || characters[end] == "\t" { end += 1 }
        guard end < characters.count, characters[end].isNewline else { return false }
        index = end + 1
        return true
    }

    private func failure(_ reason: MustacheSyntaxError.Reason) -> MustacheSyntaxError {
        let before = characters[..<min(index, characters.count)]
        let lineStart = before.lastIndex(where: \.isNewline).map { $0 + 1 } ?? 0
        let line = before.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        return MustacheSyntaxError(reason: reason, line: line, column: index - lineStart + 1)
    }

    /// What swift-mustache reads as a name; anything else before `}}` leaves the tag unfinished. The brackets of
    /// its transforms, `upper(name)`, are left out of variable names: LeadMail's templates have none.
    private static let nameCharacters = Set<Character>(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = nameCharacters.union(["/", "(", ")"])
}
