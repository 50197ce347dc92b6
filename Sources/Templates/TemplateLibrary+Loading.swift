extension TemplateLibrary {
    /// Loads and checks every template; throws with ALL problems found (not just the first).
    ///
    /// `directory` holds `<name>.mustache` files (front matter + text body), optional `<name>.html.mustache`
    /// siblings and a `partials/` folder; it must contain `default.mustache`.
    public static func load(directory: String) throws(TemplateLibraryError) -> TemplateLibrary {
        var loader = TemplateFolderLoader(directory: directory)
        let library = loader.load()
        guard let library, loader.problems.isEmpty else {
            throw TemplateLibraryError(problems: loader.problems.sorted(by: TemplateProblem.fileOrder))
        }
        return library
    }
}

extension TemplateProblem {
    /// Orders problems as a reader goes through the folder: by file, then line, then column.
    static func fileOrder(_ left: TemplateProblem, _ right: TemplateProblem) -> Bool {
        (left.file, left.line, left.column ?? 0) < (right.file, right.line, right.column ?? 0)
    }
}
