import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `leadmail parse`: one JSON line per message with the email oracle's field names, folders walked in order.
@Suite struct ParseCommandTests {
    static let fixtures = RepositoryPaths.root + "/Tests/MIMETests/Fixtures"

    @Test("parse prints one JSON object per file with the oracle's fields, values as Python prints them")
    func parseFiles() async throws {
        let result = try await LeadMailBinary.run([
            "parse", Self.fixtures + "/gmail-alternative.eml",
            Self.fixtures + "/outlook-ks-c-5601.eml",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for field in [
            "file", "from", "to", "cc", "replyTo", "subject", "date", "messageId", "inReplyTo",
            "references", "structure", "text", "html", "attachments",
        ] {
            #expect(first.keys.contains(field), "missing \(field)")
        }
        #expect((first["messageId"] as? String)?.hasPrefix("<") == true, "Message-ID keeps its angle brackets")
        #expect(first["date"] as? String == "2026-11-23T09:12:31-08:00")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect((second["text"] as? String)?.contains("센서 견적") == true, "Outlook's ks_c_5601-1987 label reads")
    }

    @Test("parse takes --config like every subcommand (the README's promise), and needs no configuration file")
    func parseTakesConfig() async throws {
        let result = try await LeadMailBinary.run([
            "parse", Self.fixtures + "/gmail-alternative.eml", "--config", "/etc/leadmail/leadmail.yml",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test("parse walks a folder in sorted order and reports a file that is not mail with exit status 1")
    func parseFolder() async throws {
        let folder = try TemporaryDirectory()
        try Data("From: a@b.example\nSubject: one\n\nbody\n".utf8).write(to: URL(fileURLWithPath: folder.path + "/b"))
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: folder.path + "/a"))
        let result = try await LeadMailBinary.run(["parse", folder.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        #expect(lines[0].contains("\"error\"") && lines[0].contains("/a\""))
        #expect(lines[1].contains("\"subject\":\"one\""))
        let missing = try await LeadMailBinary.run(["parse", folder.path + "/nope.eml"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("does not exist"))
    }

    @Test("a FIFO or a device given to parse is refused at once, not waited on or read without end")
    func notAFile() async throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.path + "/pipe.eml"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Should `open` block, a writer comes after 60 s to free it, so the test fails instead of hanging. The bound
        // below is far under that and far over a start of the binary on a busy machine.
        let rescue = Thread {
            Thread.sleep(forTimeInterval: 60)
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        }
        rescue.start()
        let started = Date()
        let result = try await LeadMailBinary.run(["parse", fifo, "/dev/zero"])
        #expect(Date().timeIntervalSince(started) < 45)
        #expect(result.status == 1)
        #expect(result.stdout.contains("named pipe (FIFO)"), "\(result.stdout)")
        #expect(result.stdout.contains("character device"), "\(result.stdout)")
    }
}
