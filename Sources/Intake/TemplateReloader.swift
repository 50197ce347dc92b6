import Foundation
import Logging
import MIME
import SMTP
import Templates

/// Takes marketing's template edits while `leadmail run` runs, without ever taking a broken one.
///
/// On each wake of the run loop it looks whether a file under the templates folder changed; if so it reloads
/// the ``TemplateCatalog``. An edit that passes the check is taken at once. One that fails is not: the last good
/// version keeps answering, every problem is logged as `file:line:column: message`, and when `templatesContact`
/// is set one email tells marketing what to fix. The same problems are told only once, however many enquiries
/// arrive or saves happen; a new set of problems (or the same after a fix) is told again. A notice the relay
/// refused is tried again on the next wake.
struct TemplateReloader: Sendable {
    let catalog: TemplateCatalog
    let notice: TemplateProblemNotice?
    let logger: Logger
    private var snapshot: TemplateFolderSnapshot
    /// The problems marketing was last told about (empty after a good load).
    private var told: Set<TemplateProblem> = []
    /// Problems still to be told, when the last notice could not be sent.
    private var untold: [TemplateProblem]?

    /// - Parameter loaded: the folder as it was when `catalog` was loaded, so that an edit made between the
    ///   service's start and its first wake is taken too.
    init(
        catalog: TemplateCatalog, directory: String, loaded: TemplateFolderSnapshot? = nil,
        notice: TemplateProblemNotice?, logger: Logger
    ) {
        self.catalog = catalog
        self.notice = notice
        self.logger = logger
        snapshot = loaded ?? TemplateFolderSnapshot(directory: directory)
    }

    /// Reloads when the folder changed since the last call; returns the problems of a refused edit (empty when
    /// nothing changed or the edit was taken).
    @discardableResult mutating func reloadIfChanged() async -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        let current = TemplateFolderSnapshot(directory: snapshot.directory)
        if current != snapshot {
            snapshot = current
            problems = await catalog.reload()
            if problems.isEmpty {
                logger.info("templates reloaded from \(snapshot.directory)")
                told = []
                untold = nil
            } else {
                let list = problems.map { "  \($0)" }.joined(separator: "\n")
                logger.error("template edit not taken, the last good version keeps answering:\n\(list)")
                if Set(problems) != told { untold = problems }
            }
        }
        await tellMarketing()
        return problems
    }

    private mutating func tellMarketing() async {
        guard let problems = untold else { return }
        guard let notice else {
            untold = nil
            return
        }
        do {
            try await notice.send(problems, directory: snapshot.directory)
            logger.info("told \(notice.contact.address) about \(problems.count) template problem(s)")
            told = Set(problems)
            untold = nil
        } catch {
            let contact = notice.contact.address
            let what = "could not tell \(contact) about the template problems; trying again on the next wake"
            logger.warning("\(what): \(error)")
        }
    }
}

/// The email that tells marketing (`templatesContact`) why their edit was not taken.
struct TemplateProblemNotice: Sendable {
    var contact: MailAddress
    var sender: MailAddress
    var transport: any MailTransport
    var clock: @Sendable () -> Date

    /// Sends one email listing every problem, paths shown relative to the templates folder.
    func send(_ problems: [TemplateProblem], directory: String) async throws {
        let message = OutgoingMessage(
            from: sender, to: [contact], subject: Self.subject(problems),
            text: Self.text(problems, directory: directory),
            messageID: MessageID.make(domain: sender.domain), date: clock(),
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-LeadMail-Notice", "templates")])
        _ = try await transport.send(
            message.rendered(), envelope: Envelope(sender: sender.address, recipients: message.envelopeRecipients))
    }

    static func subject(_ problems: [TemplateProblem]) -> String {
        let count = problems.count == 1 ? "a problem" : "\(problems.count) problems"
        return "Your template edit has \(count); the previous version is still being sent"
    }

    static func text(_ problems: [TemplateProblem], directory: String) -> String {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let lines = problems.map { "  " + $0.description.replacingOccurrences(of: prefix, with: "") }
        return """
            Hello,

            LeadMail noticed a change in the reply templates (\(directory)) but did not take it, because of:

            \(lines.joined(separator: "\n"))

            Each line says file:line:column and what to change. Until it is fixed, customers keep getting the
            last version that was correct, so no enquiry goes unanswered. Once you have saved the fix, LeadMail
            takes it within a few seconds; `leadmail templates check` shows the same list.

            You get this email once for this set of problems.

            -- 
            LeadMail

            """
    }
}

/// What the templates folder looks like on disk (each file's path, size, modification time and inode), compared on each
/// wake to notice an edit, a new file, a rename or a deletion.
struct TemplateFolderSnapshot: Equatable, Sendable {
    let directory: String
    private var files: [String: [Double]] = [:]

    init(directory: String) {
        self.directory = directory
        record(directory, prefix: "")
    }

    /// Walks the folder with readdir and stat(2): FileManager's enumerator and attributes cost milliseconds here
    /// (they look up every file's owner in /etc/passwd), and `run` takes this snapshot on every wake.
    private mutating func record(_ folder: String, prefix: String) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                record(path, prefix: prefix + name + "/")
                continue
            }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            // The inode too: an editor that saves by writing a new file and renaming it over the old one.
            files[prefix + name] = [modified, Double(info.st_size), Double(info.st_ino)]
        }
    }
}

extension LeadMailService {
    /// The reloader `run()` calls on each wake, telling `templatesContact` (if set) over the outbox's transport.
    func templateReloader() -> TemplateReloader {
        let notice = configuration.templatesContact.map { contact in
            TemplateProblemNotice(
                contact: contact, sender: configuration.from, transport: outbox.transport, clock: pipeline.clock)
        }
        return TemplateReloader(
            catalog: pipeline.templates, directory: configuration.templates, loaded: templatesLoaded, notice: notice,
            logger: logger)
    }
}
