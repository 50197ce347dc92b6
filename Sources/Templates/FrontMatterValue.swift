import Yams

/// Reads one front matter value as the type its key needs, with a problem that names the key when it is wrong.
struct FrontMatterValue {
    var key: String
    var node: Node
    var file: String

    /// Where the value's text starts in the file (one column later for quoted text).
    var textLocation: TextLocation {
        var column = node.mark?.column ?? 1
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            column += 1
        }
        return TextLocation(file: file, firstLine: FrontMatter.fileLine(node), firstColumn: column)
    }

    /// A non-empty piece of text.
    func text() throws(TemplateProblem) -> String {
        guard case .scalar(let scalar) = node else {
            throw problem("'\(key)' must be a single line of text")
        }
        guard !scalar.string.trimmingWhitespace().isEmpty else {
            throw problem("'\(key)' is empty; write its text after '\(key): '")
        }
        return scalar.string
    }

    /// A list of names, written `[a, b]` or as `- a` lines; a single name is taken as a one-item list.
    func list() throws(TemplateProblem) -> [String] {
        let items: [Node]
        switch node {
        case .scalar(let scalar) where scalar.string.contains(","):
            throw problem("'\(key)' must be a list: write [\(scalar.string)] with square brackets")
        case .scalar: items = [node]
        case .sequence(let sequence): items = Array(sequence)
        case .mapping, .alias: throw problem("'\(key)' must be a list of names, like [web-form, email]")
        }
        var names: [String] = []
        for item in items {
            guard case .scalar(let scalar) = item, !scalar.string.trimmingWhitespace().isEmpty else {
                throw problem("every entry of '\(key)' must be a name, like web-form")
            }
            names.append(scalar.string.trimmingWhitespace())
        }
        return names
    }

    /// `true` or `false` (YAML's yes/no are accepted too).
    func bool() throws(TemplateProblem) -> Bool {
        guard let value = node.bool else {
            throw problem("'\(key)' must be true or false")
        }
        return value
    }

    /// An email address, bare or as `Name <address>`.
    func address() throws(TemplateProblem) -> String {
        let value = try text().trimmingWhitespace()
        guard EmailAddressShape.isPlausible(value) else {
            throw problem(
                "'\(key)' must be an email address like sales@acme.example or 'Acme Sales <sales@acme.example>'"
            )
        }
        return value
    }

    /// Language codes such as `[de, es]`, lower-cased; a language's English name gets a hint with its code.
    func languages() throws(TemplateProblem) -> [String] {
        var codes: [String] = []
        for name in try list() {
            let code = name.lowercased()
            guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                let hint =
                    LanguageProfile.code(forEnglishName: code).map { "write \($0) for \(name)" }
                    ?? "write two-letter codes such as en, de, es, fr"
                throw problem("'\(name)' in '\(key)' is not a language code; \(hint)")
            }
            codes.append(code)
        }
        return codes
    }

    /// A list of email addresses (one address is taken as a one-item list).
    func addresses() throws(TemplateProblem) -> [String] {
        let values = try list()
        for value in values where !EmailAddressShape.isPlausible(value) {
            throw problem("'\(value)' in '\(key)' is not an email address; write e.g. [boss@acme.example]")
        }
        return values
    }

    /// A whole number of minutes from 0 to one week.
    func minutes() throws(TemplateProblem) -> Int {
        guard let minutes = node.int, (0...10_080).contains(minutes) else {
            throw problem("'\(key)' must be a number of minutes between 0 and 10080 (one week), like 15")
        }
        return minutes
    }

    private func problem(_ message: String) -> TemplateProblem {
        TemplateProblem(file: file, line: FrontMatter.fileLine(node), column: node.mark?.column, message: message)
    }
}
