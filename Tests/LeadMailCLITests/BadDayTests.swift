import Foundation
import Maildir
import TestSupport
import Testing

/// Bad input and bad days, caused for real: a disk that fills up (a file-size limit, `ulimit -f`, which fails
/// writes with EFBIG like a full disk), a mailbox path that is a file, a message that cannot be read, an
/// oversized message and a MIME bomb. Each is quarantined or retried with a clear line and an exit code a
/// supervisor can act on (75 temporary, 78 configuration), and none stops the other messages.
@Suite("Bad days: full disk, broken mailbox, unreadable and hostile messages")
struct BadDayTests {
    /// Runs `leadmail ARGS` through /bin/sh with `limits` (e.g. "ulimit -f 1500"), stderr to a file.
    static func shell(_ limits: String, _ arguments: [String], in directory: String) async throws -> CommandResult {
        let quoted = ([RepositoryPaths.leadmailBinary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await LeadMailBinary.runExecutable(
            "/bin/sh", ["-c", "\(limits); exec \(quoted)"], in: directory)
    }

    @Test("a full disk defers the messages it cannot record (exit 75); after space returns, all are recorded")
    func fullDisk() async throws {
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(in: memory)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let load = try LoadInbox(count: 300)
        try load.deliver(0..<300, into: inbox)
        // The store made while there is room: the disk fills up during intake, not while the schema is written
        // (a new store that cannot be made is "cannot start", exit 75, without a message touched).
        let migrated = try await workspace.leadmail("store", "migrate")
        #expect(migrated.status == 0, "\(migrated.stderr)")

        let full = try await Self.shell(
            "ulimit -f 1500", ["run", "--once", "--config", workspace.config],
            in: workspace.directory.path)
        #expect(full.status == 75, "\(full.stderr.suffix(400))")
        #expect(full.stderr.contains("stays in new/ and will be tried again"))
        let recordedFirst = try inbox.curMessages().count
        #expect(recordedFirst > 0 && recordedFirst < 300, "\(recordedFirst)")

        let later = try await workspace.leadmail("run", "--once")
        #expect(later.status == 0, "\(later.stderr.suffix(400))")
        let quarantine = Maildir(path: workspace.directory.path + "/quarantine")
        #expect(try inbox.curMessages().count + quarantine.newMessages().count == 300)
        #expect(try inbox.newMessages().isEmpty)
        let leads = try SQLiteQuery.column(
            database: workspace.directory.path + "/leadmail.sqlite",
            sql: "SELECT lower(email) FROM leads")
        #expect(
            Set(leads) == Set(load.leadEmails) && leads.count == load.leadEmails.count,
            "\(Set(leads).symmetricDifference(load.leadEmails).sorted())")
    }

    @Test("while the disk is full, run says so once and backs off instead of an error line per message and wake")
    func fullDiskWhileWatching() async throws {
        let memory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
        let workspace = try CLIWorkspace(in: memory)
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        let load = try LoadInbox(count: 300)
        try load.deliver(0..<300, into: inbox)

        // The shell's pid is leadmail's after `exec`: SIGTERM after 6 s stops it the way systemd would.
        let full = try await Self.shell(
            "ulimit -f 1500; (sleep 6; kill -TERM $$) & true",
            ["run", "--config", workspace.config], in: workspace.directory.path)
        let lines = full.stderr.split(separator: "\n")
        let deferrals = lines.filter { $0.contains("stays in new") }  // JSON lines escape the slash
        #expect(!deferrals.isEmpty, "\(full.stderr.suffix(400))")
        #expect(deferrals.count <= 5, "\(deferrals.count) lines about messages staying in new/")
        #expect(lines.count < 100, "\(lines.count) lines in 6 s: \(full.stderr.suffix(600))")
        #expect(try inbox.curMessages().count < 300)
    }

    @Test("a mailbox path that is a file stops the service with exit 78 and says which path")
    func mailboxIsAFile() async throws {
        let workspace = try CLIWorkspace()
        try FileManager.default.removeItem(atPath: workspace.directory.path + "/inbox")
        try Data("not a maildir".utf8).write(to: URL(fileURLWithPath: workspace.directory.path + "/inbox"))
        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains(workspace.directory.path + "/inbox"), "\(result.stderr)")
    }

    @Test("a mailbox path that does not exist stops run with exit 78, the path and the fix; createMailbox makes it")
    func mailboxMissing() async throws {
        let workspace = try CLIWorkspace()
        let inbox = workspace.directory.path + "/inbox"
        try FileManager.default.removeItem(atPath: inbox)
        for arguments in [["run", "--once"], ["run"]] {
            let result = try await LeadMailBinary.run(
                arguments + ["--config", workspace.config], in: workspace.directory.path)
            #expect(result.status == 78, "\(arguments): \(result.stderr)")
            // `run` logs JSON lines (where / is written \/): the path's last part and the words around it.
            #expect(result.stderr.contains("inbox does not exist"), "\(result.stderr)")
            #expect(result.stderr.contains(arguments.count == 1 ? "inbox" : inbox), "\(result.stderr)")
            #expect(result.stderr.contains("createMailbox: true"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: inbox), "nothing made at a mistyped path")
        }
        let allowed = try CLIWorkspace(extra: "\ncreateMailbox: true\n")
        try FileManager.default.removeItem(atPath: allowed.directory.path + "/inbox")
        let created = try await allowed.leadmail("run", "--once")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: allowed.directory.path + "/inbox/new"))
    }

    @Test("a directory in new/, an oversized message and a MIME bomb are quarantined, each once with its reason")
    func hostileMessages() async throws {
        let workspace = try CLIWorkspace(extra: "")
        try workspace.copySamples()
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        let before = try inbox.newMessages().count
        // Not a message: a directory where a message file should be.
        try FileManager.default.createDirectory(
            atPath: inbox.newDirectory + "/1700000000.Munreadable.host",
            withIntermediateDirectories: false)
        // A MIME bomb: multipart nested far deeper than any mail client produces.
        var bomb = "From: bomb@evil.example\nTo: sales@acme.example\nSubject: open me\nMessage-ID: <bomb@evil>\n"
        for depth in 0..<400 {
            bomb += "Content-Type: multipart/mixed; boundary=\"b\(depth)\"\n\n--b\(depth)\n"
        }
        bomb += "Content-Type: text/plain\n\nboom\n"
        try inbox.deliver(Array(bomb.utf8))
        // Over the size limit (64 MB): one long body line of 65 MB.
        var big = Array("From: big@evil.example\nTo: sales@acme.example\nSubject: big\n\n".utf8)
        big += [UInt8](repeating: 0x41, count: 65 * 1024 * 1024)
        try inbox.deliver(big)

        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 0, "\(result.stderr.suffix(400))")
        #expect(!result.stderr.contains("stays in new/"), "\(result.stderr.suffix(400))")
        #expect(try inbox.newMessages().isEmpty)
        let quarantine = Maildir(path: workspace.directory.path + "/quarantine")
        let quarantined = try quarantine.newMessages().count
        #expect(quarantined == 1 + 3, "the broken sample, the directory, the bomb and the big one")
        #expect(try inbox.curMessages().count + quarantined == before + 3)
        let reason = try String(
            contentsOfFile: quarantine.path + "/reasons/1700000000.Munreadable.host.txt", encoding: .utf8)
        #expect(reason.contains("a directory, not a regular file"))
    }
}
