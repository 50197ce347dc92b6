/// Checks one piece of Mustache text (a subject, a body, an HTML body or a partial) before it is ever rendered.
///
/// Rendering never fails in Mustache: a typo just renders as nothing. So everything a reply could get wrong is
/// caught here, with the position in the file: syntax, unknown variables, missing partials, unescaped HTML.
struct TemplateTextChecker: Sendable {
    /// The partial names available, e.g. `signature` and `signature.html` (file stems under partials/).
    var partials: Set<String>
    /// HTML text must not use `{{{…}}}`: lead values come from strangers and must stay escaped.
    var isHTML: Bool

    /// What the check found, and which partials (resolved names) the text uses.
    struct Result: Sendable {
        var problems: [TemplateProblem] = []
        var usedPartials: [String] = []
        /// The parsed text, escaping values for HTML when `isHTML`; nil when the text has problems. The loader
        /// keeps it rather than parsing each file once more.
        var parsed: MustacheDocument?
    }

    func check(_ text: String, at location: TextLocation) -> Result {
        var result = Result()
        let scan = MustacheTagScanner.scan(text)
        for problem in scan.problems {
            let located = location.problem(line: problem.line, column: problem.column, message: problem.message)
            result.problems.append(located)
        }
        var openSections: [MustacheTag] = []
        var syntaxIsBroken = !scan.problems.isEmpty
        func report(_ tag: MustacheTag, _ message: String) {
            result.problems.append(location.problem(line: tag.line, column: tag.column, message: message))
        }
        // `{{.}}` needs a value: an inverted section has none, so only `{{#…}}` sections count.
        var insideValueSection: Bool { openSections.contains { $0.kind == .section } }
        for tag in scan.tags {
            switch tag.kind {
            case .comment:
                continue
            case .setDelimiter:
                syntaxIsBroken = true
                report(tag, "changing the delimiters with {{=…=}} is not supported; keep using {{ and }}")
            case .pragma:
                syntaxIsBroken = true
                report(tag, "{{% … }} settings are not supported; remove the tag")
            case .inheritance:
                syntaxIsBroken = true
                report(tag, "{{$…}} and {{<…}} are not supported; use a partial such as {{> signature}}")
            case .partial:
                if let resolved = resolvePartial(tag.name) {
                    result.usedPartials.append(resolved)
                } else {
                    report(tag, missingPartialMessage(tag.name))
                }
            case .variable:
                checkName(tag, insideSection: insideValueSection).map { report(tag, $0) }
            case .unescapedVariable:
                checkName(tag, insideSection: insideValueSection).map { report(tag, $0) }
                if isHTML {
                    report(
                        tag,
                        "'\(tag.name)' is inserted without HTML escaping, which lets a lead's own text "
                            + "change the email; write {{\(tag.name)}} with two braces")
                }
            case .section, .invertedSection:
                checkName(tag, insideSection: insideValueSection).map { report(tag, $0) }
                openSections.append(tag)
            case .closeSection:
                guard let open = openSections.last else {
                    syntaxIsBroken = true
                    report(
                        tag,
                        "{{/\(tag.name)}} closes a section that was never opened; "
                            + "add {{#\(tag.name)}} before it or delete it")
                    continue
                }
                if open.name != tag.name {
                    syntaxIsBroken = true
                    report(
                        tag,
                        "{{/\(tag.name)}} does not match the open section {{#\(open.name)}} from line "
                            + "\(location.fileLine(open.line)); close that one first with {{/\(open.name)}}")
                    // A misspelt close still ends the open section; a close of an outer one ends both.
                    let index = openSections.lastIndex { $0.name == tag.name } ?? openSections.count - 1
                    openSections.removeSubrange(index...)
                } else {
                    openSections.removeLast()
                }
            }
        }
        for open in openSections {
            syntaxIsBroken = true
            report(open, "section {{#\(open.name)}} is never closed; add {{/\(open.name)}} where it should end")
        }
        if !syntaxIsBroken {
            switch Self.parse(text, asHTML: isHTML, at: location) {
            case .success(let parsed): result.parsed = result.problems.isEmpty ? parsed : nil
            case .failure(let problem): result.problems.append(problem)
            }
        }
        return result
    }

    /// The partial a `{{> name}}` tag uses: in HTML, `name.html` when it exists, else `name`.
    func resolvePartial(_ name: String) -> String? {
        if isHTML, partials.contains(name + ".html") { return name + ".html" }
        return partials.contains(name) ? name : nil
    }

    /// The parser's verdict on anything the tag scanner let through, mapped to the file position; and its parse.
    static func parse(
        _ text: String, asHTML: Bool, at location: TextLocation
    ) -> Swift.Result<MustacheDocument, TemplateProblem> {
        do throws(MustacheSyntaxError) {
            return .success(try MustacheParser.parse(text, escaping: asHTML ? .html : .none))
        } catch {
            return .failure(location.problem(line: error.line, column: error.column, message: error.message))
        }
    }

    /// Nil when the tag's name is a documented variable (or `.` inside a section), else what to write instead.
    private func checkName(_ tag: MustacheTag, insideSection: Bool) -> String? {
        let name = tag.name
        if name.isEmpty { return "this tag has no name; write a variable such as {{firstName}}" }
        if name == "." {
            return insideSection ? nil : "{{.}} only works inside a section such as {{#company}}…{{/company}}"
        }
        if TemplateContext.variables.contains(name) { return nil }
        let lastPart = name.split(separator: ".").last.map(String.init) ?? name
        if let suggestion = NameSuggestion.closest(to: lastPart, among: TemplateContext.variables) {
            return "unknown variable '\(name)'; did you mean '\(suggestion)'?"
        }
        return "unknown variable '\(name)'; the variables you can use are listed in templates/README.md"
    }

    private func missingPartialMessage(_ name: String) -> String {
        let fileNames = partials.filter { !$0.hasSuffix(".html") }.sorted()
        if let suggestion = NameSuggestion.closest(to: name, among: fileNames) {
            return "partial '\(name)' not found; did you mean '\(suggestion)'?"
        }
        return "partial '\(name)' not found; create partials/\(name).mustache or fix the name"
    }
}
