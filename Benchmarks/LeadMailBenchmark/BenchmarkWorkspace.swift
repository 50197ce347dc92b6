import BenchmarkSupport
import Foundation

/// A folder for one LeadMail run: the repository's leadmail.yml (its source rules and addresses) with the paths
/// pointed here, the shipped templates, and what the run needs added (a relay, no reply limits).
struct BenchmarkWorkspace {
    let directory: URL
    var config: String { directory.appendingPathComponent("leadmail.yml").path }
    var mailbox: URL { directory.appendingPathComponent("inbox") }
    var store: String { directory.appendingPathComponent("leadmail.sqlite").path }

    init(_ directory: URL, relayPort: Int? = nil) throws {
        self.directory = directory
        let manager = FileManager.default
        try? manager.removeItem(at: directory)
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let example = try String(
            contentsOf: BenchmarkCorpus.repository.appendingPathComponent("leadmail.yml"),
            encoding: .utf8)
        let paths = ["mailbox": "inbox", "store": "leadmail.sqlite", "quarantine": "quarantine", "outbox": "outbox"]
        var lines = example.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for (key, folder) in paths where line.hasPrefix(key + ":") {
                return "\(key): \(directory.appendingPathComponent(folder).path)"
            }
            if line.hasPrefix("templates:") {
                return "templates: " + BenchmarkCorpus.repository.appendingPathComponent("templates").path
            }
            return String(line)
        }
        lines += ["maxRepliesPerHour: 0", "perRecipientReplyLimit: 0"]
        // The corpus is dated November 2026: every enquiry is answered, as it was when it arrived.
        lines += ["intake:", "  replyMaxAgeDays: 36500"]
        if let relayPort { lines.append("relay: smtp://127.0.0.1:\(relayPort)") }
        try lines.joined(separator: "\n").write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// The environment for `leadmail` runs: no relay from the caller's shell (the workspace's config decides).
    static let environment = ["LEADMAIL_RELAY": ""]

    /// Hard links every file of `corpus/new` into this workspace's inbox/new (no copying of bytes; LeadMail
    /// renames the links, the corpus stays as it is for the next tool).
    func linkInbox(from corpus: URL) throws {
        let manager = FileManager.default
        for sub in ["new", "cur", "tmp"] {
            try manager.createDirectory(at: mailbox.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let new = corpus.appendingPathComponent("new")
        for name in try manager.contentsOfDirectory(atPath: new.path) {
            try manager.linkItem(
                at: new.appendingPathComponent(name),
                to: mailbox.appendingPathComponent("new/" + name))
        }
    }
}
