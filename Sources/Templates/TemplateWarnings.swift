import Foundation

/// What `templates check` warns about in a folder that loads: things that are not errors in a template's syntax
/// but are almost certainly not what marketing meant, each with file:line and the names that do exist.
///
/// - `{FirstName}` in single braces: not a tag, so the customer receives the braces as written.
/// - a `sources:` entry that no source rule of leadmail.yml produces: the template never answers it.
/// - a `campaigns:` entry that no source rule sets: likewise.
public enum TemplateWarnings {
    /// - Parameters:
    ///   - sources: every source an enquiry can have (the rules' names, the default source, `import`).
    ///   - campaigns: every campaign a source rule sets.
    public static func check(_ library: TemplateLibrary, sources: Set<String>, campaigns: Set<String>)
        -> [TemplateProblem]
    {
        var warnings: [TemplateProblem] = []
        for file in files(in: library.directory) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            warnings += singleBraces(in: text, file: file)
        }
        for template in library.templates {
            guard let text = try? String(contentsOfFile: template.file, encoding: .utf8) else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            func line(of key: String) -> Int {
                (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") } ?? -1) + 1
            }
            for source in template.sources where !sources.contains(source) {
                warnings.append(
                    TemplateProblem(
                        file: template.file, line: line(of: "sources"),
                        message: "no source rule produces the source '\(source)', so this template never answers "
                            + "it; the sources are: \(sources.sorted().joined(separator: ", "))"))
            }
            for campaign in template.campaigns where !campaigns.contains(campaign) {
                let known = campaigns.isEmpty ? "none is defined" : campaigns.sorted().joined(separator: ", ")
                warnings.append(
                    TemplateProblem(
                        file: template.file, line: line(of: "campaigns"),
                        message: "no source rule sets the campaign '\(campaign)'; the campaigns are: \(known)"))
            }
        }
        return warnings.sorted { ($0.file, $0.line, $0.column ?? 0) < ($1.file, $1.line, $1.column ?? 0) }
    }

    /// `{Name}` outside `{{ }}`: a name in single braces, which Mustache leaves as text.
    static func singleBraces(in text: String, file: String) -> [TemplateProblem] {
        var warnings: [TemplateProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let characters = Array(line)
            var position = 0
            while position < characters.count {
                defer { position += 1 }
                guard characters[position] == "{",
                    position == 0 || characters[position - 1] != "{",
                    position + 1 < characters.count, characters[position + 1] != "{"
                else { continue }
                var end = position + 1
                while end < characters.count,
                    characters[end].isLetter || characters[end].isNumber
                        || characters[end] == "_" || characters[end] == "."
                {
                    end += 1
                }
                guard end > position + 1, end < characters.count, characters[end] == "}",
                    end + 1 == characters.count || characters[end + 1] != "}"
                else { continue }
                let name = String(characters[(position + 1)..<end])
                let suggestion = NameSuggestion.closest(to: name, among: TemplateContext.variables) ?? name
                warnings.append(
                    TemplateProblem(
                        file: file, line: index + 1, column: position + 1,
                        message: "'{\(name)}' has single braces, so the customer would read it as written; "
                            + "write {{\(suggestion)}}"))
                position = end
            }
        }
        return warnings
    }

    /// Every template file of the folder, partials and notifications included, sorted.
    static func files(in directory: String) -> [String] {
        let manager = FileManager.default
        guard let names = manager.enumerator(atPath: directory) else { return [] }
        return names.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }.sorted()
            .map { directory + "/" + $0 }
    }
}
