import Foundation

/// Marketing's edits of a templates folder: read a file, check a proposed text with the messages of
/// `leadmail templates check`, save it atomically with who and when, and go back to an earlier version.
///
/// A save that the checks refuse writes nothing, so the service keeps answering with the last good folder (its
/// reload takes only a folder that passes). Every saved version is kept in `.history/` beside the templates (a
/// folder the loader never reads), named by its time and its author, so a change can be seen and undone.
/// File names come from people: only the folder's own layout is accepted (`NAME.mustache`, `NAME.html.mustache`,
/// and the same under `notifications/` or `partials/`), never a path that leaves the folder.
public struct TemplateEditor: Sendable {
    /// The templates folder, as leadmail.yml names it.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// One file of the folder as marketing edits it.
    public struct File: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            /// A reply to enquiries (the folder's top level).
            case reply
            /// Staff mail (`notifications/`).
            case notification
            /// A piece other files include (`partials/`).
            case partial
        }

        /// The path inside the folder, e.g. `web-form.de.mustache` or `notifications/new-lead.mustache`.
        public var name: String
        public var kind: Kind
        /// What the reply answers, from its front matter (empty for partials, and for a folder that does not load).
        public var sources: [String]
        public var campaigns: [String]
        public var languages: [String]
    }

    /// One saved version of a file.
    public struct Version: Sendable, Hashable {
        /// The version's name in the history, which `text(of:version:)` and `restore` take.
        public var id: String
        public var savedAt: Date
        /// Who saved it; "before LeadMail kept versions" for the text found at the first edit.
        public var savedBy: String
    }

    /// Every template, notification and partial file, by kind and name.
    public func files() throws(TemplateEditError) -> [File] {
        let library = try? TemplateLibrary.load(directory: directory)
        var byFile: [String: ReplyTemplate] = [:]
        for template in (library?.templates ?? []) + (library?.notifications ?? []) {
            byFile[relative(template.file)] = template
        }
        var files: [File] = []
        for (folder, kind) in [("", File.Kind.reply), ("notifications/", .notification), ("partials/", .partial)] {
            for entry in try mustacheFiles(in: folder) {
                let name = folder + entry
                let template = byFile[name]
                files.append(
                    File(
                        name: name, kind: kind, sources: template?.sources ?? [],
                        campaigns: template?.campaigns ?? [], languages: template?.languages ?? []))
            }
        }
        return files
    }

    /// The file's text as it is now.
    public func text(of name: String) throws(TemplateEditError) -> String {
        let path = try existingPath(name)
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(name) }
        return String(decoding: data, as: UTF8.self)
    }

    /// What `leadmail templates check` would say of the folder with `text` in place of the file `name` (which
    /// may be new): every problem, located in that file or in the others it breaks.
    /// Reads the folder as it is, with `text` read in place of that one file (nothing is copied or written), so
    /// that it is cheap enough to run as marketing types.
    public func check(_ name: String, text: String) throws(TemplateEditError) -> [TemplateProblem] {
        try Self.validate(name)
        var loader = TemplateFolderLoader(directory: directory, replacing: (name, text))
        _ = loader.load()
        return loader.problems.sorted(by: TemplateProblem.fileOrder).map { problem in
            var located = problem
            located.file = relative(problem.file)
            return located
        }
    }

    /// The library the folder would be with `text` as the file `name`, for a preview before saving.
    /// - Throws: `TemplateEditError.problems` when the folder would not pass the checks with it.
    public func library(with name: String, text: String) throws(TemplateEditError) -> TemplateLibrary {
        try Self.validate(name)
        var loader = TemplateFolderLoader(directory: directory, replacing: (name, text))
        guard let library = loader.load(), loader.problems.isEmpty else {
            throw .problems(
                loader.problems.sorted(by: TemplateProblem.fileOrder).map { problem in
                    var located = problem
                    located.file = relative(problem.file)
                    return located
                })
        }
        return library
    }

    /// Writes `text` as the file `name` when the folder passes the checks with it; keeps the version with `by`.
    /// - Throws: `TemplateEditError.problems` (nothing written) when the checks find any.
    @discardableResult
    public func save(_ name: String, text: String, by: String, at now: Date) throws(TemplateEditError) -> Version {
        let problems = try check(name, text: text)
        guard problems.isEmpty else { throw .problems(problems) }
        let path = directory + "/" + name
        if FileManager.default.fileExists(atPath: path), try versions(of: name).isEmpty {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = attributes?[.modificationDate] as? Date ?? now
            try keep(try self.text(of: name), of: name, by: Self.unversioned, at: min(modified, now))
        }
        try Self.writeAtomically(text, to: path, name: name)
        return try keep(text, of: name, by: by, at: now)
    }

    /// The file's saved versions, newest first.
    public func versions(of name: String) throws(TemplateEditError) -> [Version] {
        try Self.validate(name)
        let folder = historyFolder(name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.compactMap(Self.version(from:)).sorted { ($0.savedAt, $0.id) > ($1.savedAt, $1.id) }
    }

    /// The text of one saved version.
    public func text(of name: String, version id: String) throws(TemplateEditError) -> String {
        guard try versions(of: name).contains(where: { $0.id == id }),
            let data = FileManager.default.contents(atPath: historyFolder(name) + "/" + id)
        else { throw .unknownVersion(name, id) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Makes an earlier version current again, as a new save by `by` (checked like any other).
    @discardableResult
    public func restore(_ name: String, version id: String, by: String, at now: Date) throws(TemplateEditError)
        -> Version
    {
        try save(name, text: try text(of: name, version: id), by: by, at: now)
    }

    // MARK: Names and files

    static let unversioned = "before LeadMail kept versions"

    /// Only the folder's layout: `[notifications/|partials/]NAME[.html].mustache`, NAME of letters, digits, `.`,
    /// `-` and `_`, not starting with a dot.
    static func validate(_ name: String) throws(TemplateEditError) {
        var stem = Substring(name)
        for folder in ["notifications/", "partials/"] where stem.hasPrefix(folder) {
            stem = stem.dropFirst(folder.count)
        }
        let allowed = stem.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard allowed, stem.hasSuffix(".mustache"), stem.count > ".mustache".count, !stem.hasPrefix("."),
            !stem.contains("..")
        else { throw .badName(name) }
    }

    private func existingPath(_ name: String) throws(TemplateEditError) -> String {
        try Self.validate(name)
        let path = directory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw .unknownFile(name) }
        return path
    }

    private func mustacheFiles(in folder: String) throws(TemplateEditError) -> [String] {
        let path = directory + "/" + folder
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: path) { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.hasSuffix(".mustache") && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw .unreadable(folder.isEmpty ? directory : folder)
        }
    }

    private func relative(_ file: String, in folder: String? = nil) -> String {
        let base = (folder ?? directory).hasSuffix("/") ? (folder ?? directory) : (folder ?? directory) + "/"
        return file.hasPrefix(base) ? String(file.dropFirst(base.count)) : file
    }

    private func historyFolder(_ name: String) -> String {
        directory + "/.history/" + name
    }

    /// Writes a version into the history: `TIME~AUTHOR.mustache`, the author percent-encoded.
    @discardableResult
    private func keep(_ text: String, of name: String, by: String, at date: Date) throws(TemplateEditError) -> Version {
        let folder = historyFolder(name)
        let id = Self.stamp(date) + "~" + Self.encode(by) + ".mustache"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(name, String(describing: error))
        }
        try Self.writeAtomically(text, to: folder + "/" + id, name: name)
        return Version(id: id, savedAt: date, savedBy: by)
    }

    private static func version(from id: String) -> Version? {
        guard id.hasSuffix(".mustache"), let tilde = id.firstIndex(of: "~"),
            let date = parseStamp(String(id[..<tilde]))
        else { return nil }
        let author = String(id[id.index(after: tilde)...].dropLast(".mustache".count))
        return Version(id: id, savedAt: date, savedBy: author.removingPercentEncoding ?? author)
    }

    private static func stamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds / 1000
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC")!, from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", components.year!, components.month!, components.day!,
            components.hour!, components.minute!, components.second!, Int(milliseconds % 1000))
    }

    private static func parseStamp(_ text: String) -> Date? {
        let digits = text.filter(\.isNumber)
        guard digits.count == 17, text.hasSuffix("Z") else { return nil }
        let value = { (from: Int, count: Int) -> Int in
            Int(digits.dropFirst(from).prefix(count))!
        }
        var components = DateComponents()
        (components.year, components.month, components.day) = (value(0, 4), value(4, 2), value(6, 2))
        (components.hour, components.minute, components.second) = (value(8, 2), value(10, 2), value(12, 2))
        components.timeZone = TimeZone(identifier: "UTC")
        guard let whole = Calendar(identifier: .gregorian).date(from: components) else { return nil }
        return whole.addingTimeInterval(Double(value(14, 3)) / 1000)
    }

    private static func encode(_ author: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "@.-_")
        return author.addingPercentEncoding(withAllowedCharacters: allowed) ?? "someone"
    }

    /// Writes beside the target, flushes, then renames over it: a reader sees the old file or the new one.
    private static func writeAtomically(_ text: String, to path: String, name: String) throws(TemplateEditError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.leadmail-save-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .unwritable(name, String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw .unwritable(name, reason)
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(name, reason)
        }
    }
}

/// Why an edit of the templates folder was refused.
public enum TemplateEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name is not one of the folder's own layout.
    case badName(String)
    case unknownFile(String)
    case unknownVersion(String, String)
    /// The checks found problems; nothing was written and the last good folder keeps serving.
    case problems([TemplateProblem])
    case unreadable(String)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .badName(let name):
            "'\(name)' is not a template file name: use NAME.mustache or NAME.html.mustache (letters, digits, "
                + "'.', '-', '_'), optionally in notifications/ or partials/"
        case .unknownFile(let name): "there is no template file \(name) in the templates folder"
        case .unknownVersion(let name, let id): "\(name) has no saved version \(id); the history lists them"
        case .problems(let problems):
            "not saved, the last good version keeps answering: "
                + problems.map(\.description).joined(separator: "; ")
        case .unreadable(let name): "\(name) cannot be read; check the templates folder's permissions"
        case .unwritable(let name, let reason):
            "\(name) could not be saved (\(reason)); check that the templates folder is writable by LeadMail"
        }
    }
}
