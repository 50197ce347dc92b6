import Foundation

/// Reads a templates folder, checks every file and collects all problems before giving up.
struct TemplateFolderLoader {
    let directory: String
    /// A proposed text read in place of the file of that name (relative to the folder, which need not hold it
    /// yet): how an edit is checked against the rest of the folder without copying it.
    let replacement: (name: String, text: String)?
    private(set) var problems: [TemplateProblem] = []

    init(directory: String, replacing replacement: (name: String, text: String)? = nil) {
        self.directory = directory
        self.replacement = replacement
    }

    /// The library, or nil when the folder could not be read at all; check ``problems`` either way.
    mutating func load() -> TemplateLibrary? {
        guard let entries = mustacheFiles(in: directory) else { return nil }
        let partials = loadPartials()
        var templates: [ReplyTemplate] = []
        var compiled: [String: CompiledReply] = [:]
        var sourcesLines: [String: Int] = [:]
        let names = loadFolder(entries, prefix: "", partials: Set(partials.keys)) { loaded in
            templates.append(loaded.template)
            compiled[loaded.template.name] = loaded.compiled
            sourcesLines[loaded.template.name] = loaded.sourcesLine
        }
        var notifications: [ReplyTemplate] = []
        if isFolder(path("notifications")), let entries = mustacheFiles(in: path("notifications")) {
            _ = loadFolder(entries, prefix: "notifications/", partials: Set(partials.keys)) { loaded in
                notifications.append(loaded.template)
                compiled[loaded.template.name] = loaded.compiled
            }
        }
        if !names.contains(ReplyTemplate.defaultName) {
            problems.append(
                TemplateProblem(
                    file: path("default.mustache"), line: 0,
                    message: "there is no default template; create default.mustache, which answers every enquiry "
                        + "no other template claims"
                ))
        }
        checkOverlaps(templates, sourcesLines: sourcesLines)
        let libraries = partialLibraries(partials)
        return TemplateLibrary(
            directory: directory, templates: templates, notifications: notifications, compiled: compiled,
            textPartials: libraries.text, htmlPartials: libraries.html
        )
    }

    // MARK: Templates

    /// The loaded result of one template, handed to the caller of ``loadFolder(_:prefix:partials:add:)``.
    private typealias Loaded = (template: ReplyTemplate, compiled: CompiledReply, sourcesLine: Int)

    /// Loads every template of one folder (`name.mustache`, `name.html.mustache` or both); returns their names.
    private mutating func loadFolder(
        _ entries: [String], prefix: String, partials: Set<String>, add: (Loaded) -> Void
    ) -> [String] {
        let htmlStems = Set(entries.filter { $0.hasSuffix(".html.mustache") }.map { $0.dropSuffix(".html.mustache") })
        let textStems = Set(entries.filter { !$0.hasSuffix(".html.mustache") }.map { $0.dropSuffix(".mustache") })
        let names = textStems.union(htmlStems).sorted()
        for name in names {
            let textFile = textStems.contains(name) ? path(prefix + name + ".mustache") : nil
            let htmlFile = htmlStems.contains(name) ? path(prefix + name + ".html.mustache") : nil
            if let loaded = loadTemplate(
                prefix + name, textFile: textFile, htmlFile: htmlFile, partials: partials,
                isNotification: !prefix.isEmpty)
            {
                add(loaded)
            }
        }
        return names
    }

    /// One template: the front matter and text body from `name.mustache`, the HTML body from `name.html.mustache`;
    /// an HTML-only template has its front matter at the top of the HTML file.
    private mutating func loadTemplate(
        _ name: String, textFile: String?, htmlFile: String?, partials: Set<String>, isNotification: Bool
    ) -> Loaded? {
        guard let file = textFile ?? htmlFile, let text = read(file) else { return nil }
        let isHTMLOnly = textFile == nil
        if isHTMLOnly, !text.hasPrefix("---") {
            let stem = name.split(separator: "/").last.map(String.init) ?? name
            problems.append(
                TemplateProblem(
                    file: file, line: 1, column: 1,
                    message: "this HTML body has no \(stem).mustache next to it; create that file, or make this an "
                        + "HTML-only template by starting it with the settings between two '---' lines"
                ))
            return nil
        }
        let parts: TemplateFileParts
        do {
            parts = try TemplateFileParts.split(text, file: file)
        } catch {
            problems.append(error)
            return nil
        }
        var (frontMatter, found) = FrontMatter.parse(parts.frontMatter, file: file)
        found += requiredKeyProblems(frontMatter, name: name, file: file, isNotification: isNotification)
        let textChecker = TemplateTextChecker(partials: partials, isHTML: false)
        // Each piece is compiled from its check's parse (`TemplateTextChecker.Result.parsed`), not parsed again.
        var subjectParse: MustacheDocument?
        if let subject = frontMatter.subject, let location = frontMatter.subjectLocation {
            let checked = textChecker.check(subject, at: location)
            found += checked.problems
            subjectParse = checked.parsed
        }
        if parts.body.trimmingWhitespace().isEmpty {
            found.append(
                TemplateProblem(
                    file: file, line: parts.bodyFirstLine - 1,
                    message: "there is no reply text after the front matter; write the email below the '---' line"
                ))
        }
        let bodyChecker = isHTMLOnly ? TemplateTextChecker(partials: partials, isHTML: true) : textChecker
        let body = bodyChecker.check(parts.body, at: TextLocation(file: file, firstLine: parts.bodyFirstLine))
        found += body.problems
        var html: String? = isHTMLOnly ? parts.body : nil
        var htmlParse = isHTMLOnly ? body.parsed : nil
        if let htmlFile, !isHTMLOnly {
            html = read(htmlFile)
            if let html {
                if html.hasPrefix("---\n") {
                    found.append(
                        TemplateProblem(
                            file: htmlFile, line: 1, column: 1,
                            message: "the settings belong in \(file) only; remove the '---' block from this HTML file"
                        ))
                }
                let htmlChecker = TemplateTextChecker(partials: partials, isHTML: true)
                let checked = htmlChecker.check(html, at: TextLocation(file: htmlFile))
                found += checked.problems
                htmlParse = checked.parsed
            }
        }
        problems += found
        // A text without problems always has its parse; a missing one means a problem was reported above.
        guard found.isEmpty, let subject = subjectParse, htmlFile == nil || htmlParse != nil,
            isHTMLOnly || body.parsed != nil
        else { return nil }
        let compiled = CompiledReply(subject: subject, text: isHTMLOnly ? nil : body.parsed, html: htmlParse)
        let template = ReplyTemplate(name: name, file: file, frontMatter: frontMatter, hasHTML: html != nil)
        return (template, compiled, frontMatter.sourcesLine)
    }

    private func requiredKeyProblems(
        _ frontMatter: FrontMatter, name: String, file: String, isNotification: Bool
    ) -> [TemplateProblem] {
        var found: [TemplateProblem] = []
        if !frontMatter.presentKeys.contains("subject") {
            found.append(
                TemplateProblem(
                    file: file, line: 1,
                    message: "the front matter has no 'subject'; add a line like: subject: Thanks for getting in touch"
                ))
        }
        if isNotification || name == ReplyTemplate.defaultName { return found }
        if name.hasPrefix(ReplyTemplate.defaultName + "."), !frontMatter.presentKeys.contains("sources") {
            if !frontMatter.presentKeys.contains("languages") {
                found.append(
                    TemplateProblem(
                        file: file, line: 1,
                        message: "a default for one language needs 'languages'; add a line like: languages: [de]"
                    ))
            }
            return found
        }
        if !frontMatter.presentKeys.contains("sources") {
            found.append(
                TemplateProblem(
                    file: file, line: 1,
                    message: "the front matter has no 'sources'; add a line like: sources: [web-form] "
                        + "(only default.mustache and language defaults like default.de.mustache may leave it out)"
                ))
        } else if frontMatter.sources == [] {
            found.append(
                TemplateProblem(
                    file: file, line: frontMatter.sourcesLine,
                    message: "'sources' is empty; name at least one source, like [web-form]"
                ))
        }
        return found
    }

    /// Reports a source, campaign and language answered by two templates, at the second template's `sources` line.
    private mutating func checkOverlaps(_ templates: [ReplyTemplate], sourcesLines: [String: Int]) {
        var claimedBy: [String: ReplyTemplate] = [:]
        for template in templates {
            let campaigns: [String?] = template.campaigns.isEmpty ? [nil] : template.campaigns
            let languages: [String?] = template.languages.isEmpty ? [nil] : template.languages
            let sources: [String?] = template.isDefault ? [nil] : template.sources
            for source in sources {
                for campaign in campaigns {
                    for language in languages {
                        let claim = [
                            source?.lowercased() ?? "\u{1}default", campaign?.lowercased() ?? "",
                            language ?? "",
                        ].joined(separator: "\u{0}")
                        guard let earlier = claimedBy[claim] else {
                            claimedBy[claim] = template
                            continue
                        }
                        guard earlier.name != template.name else { continue }
                        var what = [source.map { "source '\($0)'" } ?? "the default"]
                        if let campaign { what.append("campaign '\(campaign)'") }
                        if let language { what.append("language '\(language)'") }
                        problems.append(
                            TemplateProblem(
                                file: template.file, line: sourcesLines[template.name] ?? 1,
                                message: "\(what.joined(separator: " with ")) is already answered by \(earlier.file); "
                                    + "only one template may answer it, so remove it from one of them"
                            ))
                    }
                }
            }
        }
    }

    // MARK: Partials

    /// Every partial by name (`signature`, `signature.html`), checked and parsed (nil when its check found
    /// problems); an absent folder means none.
    private mutating func loadPartials() -> [String: MustacheDocument?] {
        let folder = path("partials")
        guard isFolder(folder), let entries = mustacheFiles(in: folder)
        else { return [:] }
        var texts: [String: String] = [:]
        for entry in entries {
            if let text = read(folder + "/" + entry) {
                texts[entry.dropSuffix(".mustache")] = text
            }
        }
        var uses: [String: [String]] = [:]
        var partials: [String: MustacheDocument?] = [:]
        for (name, text) in texts {
            let checker = TemplateTextChecker(partials: Set(texts.keys), isHTML: name.hasSuffix(".html"))
            let result = checker.check(text, at: TextLocation(file: folder + "/" + name + ".mustache"))
            problems += result.problems
            uses[name] = result.usedPartials
            partials[name] = .some(result.parsed)
        }
        for cycle in PartialCycles.find(in: uses) {
            problems.append(
                TemplateProblem(
                    file: folder + "/" + cycle[0] + ".mustache", line: 0,
                    message: "partials include each other in a loop (\(cycle.joined(separator: " → "))); "
                        + "remove one of those {{> …}} tags"
                ))
        }
        return partials
    }

    /// Every partial serves both kinds of body, with the values escaped in HTML ones; in HTML bodies
    /// `{{> signature}}` means signature.html.mustache when there is one.
    private func partialLibraries(
        _ partials: [String: MustacheDocument?]
    ) -> (text: [String: MustacheDocument], html: [String: MustacheDocument]) {
        var text: [String: MustacheDocument] = [:]
        var html: [String: MustacheDocument] = [:]
        for case (let name, let parsed?) in partials {
            text[name] = parsed.escaped(.none)
            html[name] = parsed.escaped(.html)
        }
        for (name, parsed) in html where name.hasSuffix(".html") {
            html[name.dropSuffix(".html")] = parsed
        }
        return (text, html)
    }

    // MARK: Files

    private func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The visible `*.mustache` files in a folder, or nil (with a problem) when it cannot be listed.
    private mutating func mustacheFiles(in folder: String) -> [String]? {
        do {
            var names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".mustache") && !$0.hasPrefix(".") }
            if let replacement {
                let proposed = path(replacement.name) as NSString
                let parent = (proposed.deletingLastPathComponent as NSString).standardizingPath
                let sameFolder = parent == (folder as NSString).standardizingPath
                if sameFolder, !names.contains(proposed.lastPathComponent) { names.append(proposed.lastPathComponent) }
            }
            return names.sorted()
        } catch {
            problems.append(
                TemplateProblem(
                    file: folder, line: 0,
                    message: "cannot read this templates folder (\(error.localizedDescription)); check the path"
                ))
            return nil
        }
    }

    /// A file's text with Windows line endings and a byte-order mark removed, or nil (with a problem).
    private mutating func read(_ file: String) -> String? {
        if let replacement, file == path(replacement.name) { return Self.normalised(replacement.text) }
        guard let data = FileManager.default.contents(atPath: file) else {
            problems.append(
                TemplateProblem(
                    file: file, line: 0, message: "cannot read this file; check its permissions"
                ))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append(
                TemplateProblem(
                    file: file, line: 0, message: "this file is not UTF-8 text; save it again as UTF-8"
                ))
            return nil
        }
        return Self.normalised(text)
    }

    /// The text without a byte-order mark and with Unix line endings, as every check and render sees it.
    private static func normalised(_ text: String) -> String {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
