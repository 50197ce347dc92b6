import Yams

/// The settings at the top of a template file, read from YAML, with where each one was written.
struct FrontMatter: Sendable {
    /// Every key marketing may write; anything else is a typo worth reporting.
    static let keys = [
        "subject", "sources", "campaigns", "languages", "autoreply", "from", "replyTo", "cc", "bcc", "delay",
    ]

    /// The subject template text, when present and non-empty.
    var subject: String?
    /// Where the subject text starts, for positions inside it.
    var subjectLocation: TextLocation?
    var sources: [String]?
    /// The file line of the `sources` key (or 0 when absent), where duplicate claims are reported.
    var sourcesLine = 0
    var campaigns: [String] = []
    /// Lower-case language codes (`de`, `es`); empty means the template answers enquiries in any language.
    var languages: [String] = []
    var autoreply = true
    var from: String?
    var replyTo: String?
    var cc: [String] = []
    var bcc: [String] = []
    /// Minutes to wait before the reply is sent.
    var delay = 0
    /// The keys the file sets or tried to set (a bad value, a misspelt key, unreadable YAML), so that one mistake
    /// is not reported a second time as a missing key.
    var presentKeys: Set<String> = []
}

extension FrontMatter {
    /// Reads the front matter of `file`, whose YAML starts at file line 2; collects every problem it finds.
    static func parse(_ yaml: String, file: String) -> (FrontMatter, [TemplateProblem]) {
        var frontMatter = FrontMatter()
        var problems: [TemplateProblem] = []
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            frontMatter.presentKeys = Set(keys)
            return (frontMatter, [yamlProblem(error, file: file)])
        }
        guard let root else { return (frontMatter, []) }
        guard case .mapping(let mapping) = root else {
            let problem = TemplateProblem(
                file: file, line: fileLine(root), column: root.mark?.column,
                message: "the front matter must be settings written as 'key: value', one per line"
            )
            return (frontMatter, [problem])
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let reader = FrontMatterValue(key: key, node: value, file: file)
            frontMatter.presentKeys.insert(key)
            do {
                switch key {
                case "subject":
                    frontMatter.subject = try reader.text()
                    frontMatter.subjectLocation = reader.textLocation
                case "sources":
                    frontMatter.sources = try reader.list()
                    frontMatter.sourcesLine = fileLine(keyNode)
                case "campaigns":
                    frontMatter.campaigns = try reader.list()
                case "languages":
                    frontMatter.languages = try reader.languages()
                case "cc":
                    frontMatter.cc = try reader.addresses()
                case "bcc":
                    frontMatter.bcc = try reader.addresses()
                case "delay":
                    frontMatter.delay = try reader.minutes()
                case "autoreply":
                    frontMatter.autoreply = try reader.bool()
                case "from":
                    frontMatter.from = try reader.address()
                case "replyTo":
                    frontMatter.replyTo = try reader.address()
                default:
                    let suggestion = NameSuggestion.closest(to: key, among: keys)
                    suggestion.map { _ = frontMatter.presentKeys.insert($0) }
                    problems.append(unknownKeyProblem(key, suggestion: suggestion, at: keyNode, file: file))
                }
            } catch {
                problems.append(error)
            }
        }
        return (frontMatter, problems)
    }

    /// The file line of a front matter node: YAML line 1 is file line 2, after the opening `---`.
    static func fileLine(_ node: Node) -> Int {
        (node.mark?.line ?? 0) + 1
    }

    private static func unknownKeyProblem(
        _ key: String, suggestion: String?, at node: Node, file: String
    ) -> TemplateProblem {
        let hint =
            suggestion.map { "did you mean '\($0)'?" }
            ?? "the settings are \(keys.joined(separator: ", "))"
        return TemplateProblem(
            file: file, line: fileLine(node), column: node.mark?.column, message: "unknown key '\(key)'; \(hint)"
        )
    }

    private static func yamlProblem(_ error: any Error, file: String) -> TemplateProblem {
        let advice = "check the indentation, quote text that contains ':' or '#', and use spaces rather than tabs"
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return TemplateProblem(
                file: file, line: mark.line + 1, column: mark.column,
                message: "the front matter is not valid YAML (\(problem)); \(advice)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            return TemplateProblem(
                file: file, line: context.mark.line + 1, column: context.mark.column,
                message: "the front matter sets \(duplicates.joined(separator: ", ")) more than once; keep one"
            )
        default:
            return TemplateProblem(
                file: file, line: 2, message: "the front matter is not valid YAML (\(error)); \(advice)"
            )
        }
    }
}
