import Foundation
import Mustache

/// Reads a templates folder, checks every file and collects all problems before giving up.
struct TemplateFolderLoader {
    let directory: String
    private(set) var problems: [TemplateProblem] = []

    init(directory: String) {
        self.directory = directory
    }

    /// The library, or nil when the folder could not be read at all; check ``problems`` either way.
    mutating func load() -> TemplateLibrary? {
        guard let entries = mustacheFiles(in: directory) else { return nil }
        let partials = loadPartials()
        let htmlSiblings = Set(
            entries.filter { $0.hasSuffix(".html.mustache") }.map { $0.dropSuffix(".html.mustache") }
        )
        let names = entries.filter { !$0.hasSuffix(".html.mustache") }.map { $0.dropSuffix(".mustache") }.sorted()
        for orphan in htmlSiblings.subtracting(names).sorted() {
            problems.append(TemplateProblem(
                file: path(orphan + ".html.mustache"), line: 0,
                message: "this HTML body has no \(orphan).mustache next to it; create that file or rename this one"
            ))
        }
        var templates: [ReplyTemplate] = []
        var compiled: [String: CompiledReply] = [:]
        var sourcesLines: [String: Int] = [:]
        for name in names {
            guard let loaded = loadTemplate(name, hasHTML: htmlSiblings.contains(name), partials: Set(partials.keys))
            else { continue }
            templates.append(loaded.template)
            compiled[name] = loaded.compiled
            sourcesLines[name] = loaded.sourcesLine
        }
        if !names.contains(ReplyTemplate.defaultName) {
            problems.append(TemplateProblem(
                file: path("default.mustache"), line: 0,
                message: "there is no default template; create default.mustache, which answers every enquiry "
                    + "no other template claims"
            ))
        }
        checkOverlaps(templates, sourcesLines: sourcesLines)
        guard let libraries = partialLibraries(partials) else { return nil }
        return TemplateLibrary(
            directory: directory, templates: templates, compiled: compiled,
            textPartials: libraries.text, htmlPartials: libraries.html
        )
    }

    // MARK: Templates

    private mutating func loadTemplate(
        _ name: String, hasHTML: Bool, partials: Set<String>
    ) -> (template: ReplyTemplate, compiled: CompiledReply, sourcesLine: Int)? {
        let file = path(name + ".mustache")
        guard let text = read(file) else { return nil }
        let parts: TemplateFileParts
        do {
            parts = try TemplateFileParts.split(text, file: file)
        } catch {
            problems.append(error)
            return nil
        }
        var (frontMatter, found) = FrontMatter.parse(parts.frontMatter, file: file)
        found += requiredKeyProblems(frontMatter, name: name, file: file)
        let textChecker = TemplateTextChecker(partials: partials, isHTML: false)
        if let subject = frontMatter.subject, let location = frontMatter.subjectLocation {
            found += textChecker.check(subject, at: location).problems
        }
        if parts.body.trimmingWhitespace().isEmpty {
            found.append(TemplateProblem(
                file: file, line: parts.bodyFirstLine - 1,
                message: "there is no reply text after the front matter; write the email below the '---' line"
            ))
        }
        found += textChecker.check(parts.body, at: TextLocation(file: file, firstLine: parts.bodyFirstLine)).problems
        var html: String?
        if hasHTML {
            let htmlFile = path(name + ".html.mustache")
            html = read(htmlFile)
            if let html {
                let htmlChecker = TemplateTextChecker(partials: partials, isHTML: true)
                found += htmlChecker.check(html, at: TextLocation(file: htmlFile)).problems
            }
        }
        problems += found
        guard found.isEmpty, let subject = frontMatter.subject, !hasHTML || html != nil else { return nil }
        do {
            let compiled = CompiledReply(
                subject: try .plainText(subject),
                text: try .plainText(parts.body),
                html: try html.map { try MustacheTemplate(string: $0) }
            )
            let template = ReplyTemplate(
                name: name, file: file, sources: frontMatter.sources ?? [], campaigns: frontMatter.campaigns,
                autoreply: frontMatter.autoreply, from: frontMatter.from, replyTo: frontMatter.replyTo
            )
            return (template, compiled, frontMatter.sourcesLine)
        } catch {
            problems.append(TemplateProblem(file: file, line: 0, message: "the template cannot be read: \(error)"))
            return nil
        }
    }

    private func requiredKeyProblems(_ frontMatter: FrontMatter, name: String, file: String) -> [TemplateProblem] {
        var found: [TemplateProblem] = []
        if !frontMatter.presentKeys.contains("subject") {
            found.append(TemplateProblem(
                file: file, line: 1,
                message: "the front matter has no 'subject'; add a line like: subject: Thanks for getting in touch"
            ))
        }
        guard name != ReplyTemplate.defaultName else { return found }
        if !frontMatter.presentKeys.contains("sources") {
            found.append(TemplateProblem(
                file: file, line: 1,
                message: "the front matter has no 'sources'; add a line like: sources: [web-form] "
                    + "(only default.mustache may leave it out)"
            ))
        } else if frontMatter.sources == [] {
            found.append(TemplateProblem(
                file: file, line: frontMatter.sourcesLine,
                message: "'sources' is empty; name at least one source, like [web-form]"
            ))
        }
        return found
    }

    /// Reports a source (and campaign) answered by two templates, at the second template's `sources` line.
    private mutating func checkOverlaps(_ templates: [ReplyTemplate], sourcesLines: [String: Int]) {
        var claimedBy: [String: ReplyTemplate] = [:]
        for template in templates {
            let campaigns: [String?] = template.campaigns.isEmpty ? [nil] : template.campaigns
            for source in template.sources {
                for campaign in campaigns {
                    let claim = "\(source.lowercased())\u{0}\(campaign?.lowercased() ?? "")"
                    guard let earlier = claimedBy[claim] else {
                        claimedBy[claim] = template
                        continue
                    }
                    guard earlier.name != template.name else { continue }
                    let what = campaign.map { "source '\(source)' with campaign '\($0)'" } ?? "source '\(source)'"
                    problems.append(TemplateProblem(
                        file: template.file, line: sourcesLines[template.name] ?? 1,
                        message: "\(what) is already answered by \(earlier.file); "
                            + "only one template may answer it, so remove it from one of them"
                    ))
                }
            }
        }
    }

    // MARK: Partials

    /// Every partial's text by name (`signature`, `signature.html`), checked; an absent folder means none.
    private mutating func loadPartials() -> [String: String] {
        let folder = path("partials")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
            let entries = mustacheFiles(in: folder)
        else { return [:] }
        var texts: [String: String] = [:]
        for entry in entries {
            if let text = read(folder + "/" + entry) {
                texts[entry.dropSuffix(".mustache")] = text
            }
        }
        var uses: [String: [String]] = [:]
        for (name, text) in texts {
            let checker = TemplateTextChecker(partials: Set(texts.keys), isHTML: name.hasSuffix(".html"))
            let result = checker.check(text, at: TextLocation(file: folder + "/" + name + ".mustache"))
            problems += result.problems
            uses[name] = result.usedPartials
        }
        for cycle in PartialCycles.find(in: uses) {
            problems.append(TemplateProblem(
                file: folder + "/" + cycle[0] + ".mustache", line: 0,
                message: "partials include each other in a loop (\(cycle.joined(separator: " → "))); "
                    + "remove one of those {{> …}} tags"
            ))
        }
        return texts
    }

    private mutating func partialLibraries(
        _ partials: [String: String]
    ) -> (text: MustacheLibrary, html: MustacheLibrary)? {
        var text = MustacheLibrary()
        var html = MustacheLibrary()
        do {
            for (name, body) in partials {
                text.register(try .plainText(body), named: name)
                html.register(try MustacheTemplate(string: body), named: name)
            }
            // In HTML bodies `{{> signature}}` means signature.html.mustache when there is one.
            for (name, body) in partials where name.hasSuffix(".html") {
                html.register(try MustacheTemplate(string: body), named: name.dropSuffix(".html"))
            }
        } catch {
            // Each partial was checked above, so this only happens alongside an already reported problem.
            if problems.isEmpty {
                problems.append(TemplateProblem(file: path("partials"), line: 0, message: "\(error)"))
            }
            return nil
        }
        return (text, html)
    }

    // MARK: Files

    private func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The visible `*.mustache` files in a folder, or nil (with a problem) when it cannot be listed.
    private mutating func mustacheFiles(in folder: String) -> [String]? {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".mustache") && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            problems.append(TemplateProblem(
                file: folder, line: 0,
                message: "cannot read this templates folder (\(error.localizedDescription)); check the path"
            ))
            return nil
        }
    }

    /// A file's text with Windows line endings and a byte-order mark removed, or nil (with a problem).
    private mutating func read(_ file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else {
            problems.append(TemplateProblem(
                file: file, line: 0, message: "cannot read this file; check its permissions"
            ))
            return nil
        }
        guard var text = String(data: data, encoding: .utf8) else {
            problems.append(TemplateProblem(
                file: file, line: 0, message: "this file is not UTF-8 text; save it again as UTF-8"
            ))
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
