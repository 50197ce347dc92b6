/// Every problem found while loading a templates folder, so marketing can fix them all in one go.
public struct TemplateLibraryError: Error, Sendable, CustomStringConvertible {
    /// The problems, ordered by file and line.
    public var problems: [TemplateProblem]

    /// Wraps the problems found by a load.
    public init(problems: [TemplateProblem]) {
        self.problems = problems
    }

    /// A summary line followed by one `file:line:column: message` line per problem.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        let lines = problems.map { "  \($0)" }
        return (["The reply templates have \(count); fix them and run `leadmail templates check`:"] + lines)
            .joined(separator: "\n")
    }
}
