/// Keeps serving the last good library while marketing edits: a reload that fails is not taken.
///
/// The intake loop reads ``library`` for each message; `leadmail` calls ``reload()`` when the folder changes
/// (or on SIGHUP) and logs the problems it returns, so a half-saved template never stops the replies.
public actor TemplateCatalog {
    private let directory: String
    private var current: TemplateLibrary

    /// Loads the folder; throws when it has problems, because there is no earlier good version to fall back on.
    public init(directory: String) throws(TemplateLibraryError) {
        self.directory = directory
        self.current = try TemplateLibrary.load(directory: directory)
    }

    /// The library currently in use: the most recent one that loaded without problems.
    public var library: TemplateLibrary { current }

    /// Re-reads the folder; takes the new library only if it has no problems; returns the problems (empty = taken).
    @discardableResult public func reload() -> [TemplateProblem] {
        do {
            current = try TemplateLibrary.load(directory: directory)
            return []
        } catch {
            return error.problems
        }
    }
}
