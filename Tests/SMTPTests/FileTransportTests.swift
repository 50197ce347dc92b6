import Foundation
import Maildir
import SMTP
import TestSupport
import Testing

@Suite("FileTransport writes outgoing mail into a maildir")
struct FileTransportTests {
    /// A transport whose outbox would be below a regular file (`file`), so it can never be created.
    static func transportBelowARegularFile(in directory: TemporaryDirectory) throws -> (FileTransport, String) {
        let file = directory.appending("file")
        try Data().write(to: URL(fileURLWithPath: file))
        return (FileTransport(maildir: Maildir(path: file + "/outbox")), file)
    }

    @Test("the message lands in new/ with Return-Path and one Delivered-To per recipient on top")
    func writesMessageWithDeliveryHeaders() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let outbox = Maildir(path: directory.appending("outbox"))
        let transport = FileTransport(maildir: outbox)
        let envelope = Envelope(
            sender: "sales@leadmail.example",
            recipients: ["anna.berg@gmail.com", "<crm-archive@leadmail.example>"])

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)

        let messages = try outbox.newMessages()
        #expect(messages.count == 1)
        let stored = try outbox.read(try #require(messages.first))
        let expectedTop =
            "Return-Path: <sales@leadmail.example>\r\nDelivered-To: anna.berg@gmail.com\r\n"
            + "Delivered-To: crm-archive@leadmail.example\r\n"
        #expect(stored == Array(expectedTop.utf8) + SMTPFixtures.replyCRLF)
        #expect(receipt.serverReply.hasPrefix("250 "))
        #expect(receipt.serverReply.contains(messages[0].path))
    }

    @Test("LF messages get LF delivery headers, so the file keeps one line-ending style")
    func keepsLineFeedStyle() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let outbox = Maildir(path: directory.appending("outbox"))
        _ = try await FileTransport(maildir: outbox).send(
            SMTPFixtures.outlookLF, envelope: Envelope(sender: "", recipients: ["sales@leadmail.example"])
        )
        let stored = try outbox.read(try #require(try outbox.newMessages().first))
        let expectedTop = "Return-Path: <>\nDelivered-To: sales@leadmail.example\n"
        #expect(stored == Array(expectedTop.utf8) + SMTPFixtures.outlookLF)
        #expect(!stored.contains(0x0D))
    }

    @Test("an outbox below a regular file is a configuration error naming the path")
    func unusableOutbox() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let (transport, file) = try Self.transportBelowARegularFile(in: directory)

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(
                SMTPFixtures.thunderbirdShort,
                envelope: Envelope(sender: "a@example.com", recipients: ["b@example.com"]))
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(file + "/outbox"))
    }

    @Test("a batch: one file per key, named after it; asked again, even after a client read one, none written twice")
    func batchDeliversEachKeyOnce() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let outbox = Maildir(path: directory.appending("outbox"))
        let transport = FileTransport(maildir: outbox)
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])
        let batch = [
            KeyedMail(message: SMTPFixtures.replyCRLF, envelope: envelope, key: "reply.1@leadmail.example"),
            KeyedMail(message: SMTPFixtures.outlookLF, envelope: envelope, key: "odd/key:with spaces@x"),
        ]

        let first = await transport.deliver(batch)
        #expect(first.allSatisfy { (try? $0.get())?.serverReply.hasPrefix("250 2.0.0 Delivered to") == true })
        let names = try outbox.newMessages().map(\.name).sorted()
        #expect(names == ["outbox.odd_key_with_spaces@x", "outbox.reply.1@leadmail.example"])
        try outbox.markSeen(try #require(try outbox.newMessages().first))

        let again = await transport.deliver(batch)

        #expect(again.allSatisfy { (try? $0.get())?.serverReply.contains("Already delivered") == true })
        #expect(try outbox.newMessages().count + outbox.curMessages().count == 2)
        let stored = try outbox.read(try #require(try outbox.curMessages().first))
        #expect(stored.count > SMTPFixtures.outlookLF.count, "the file kept its first content")
    }

    @Test("a batch's files hold the trace headers and the message byte for byte, in each message's line ending")
    func batchFilesAreWhole() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let outbox = Maildir(path: directory.appending("outbox"))
        let envelope = Envelope(
            sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com", "<crm-archive@leadmail.example>"])
        // Larger than one page, so the headers and the message are written as two parts of one file.
        let long = SMTPFixtures.replyCRLF + Array(repeating: UInt8(ascii: "x"), count: 70_000) + [0x0D, 0x0A]

        let results = await FileTransport(maildir: outbox).deliver([
            KeyedMail(message: long, envelope: envelope, key: "long@x"),
            KeyedMail(message: SMTPFixtures.outlookLF, envelope: envelope, key: "lf@x"),
        ])

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let files = Dictionary(uniqueKeysWithValues: try outbox.newMessages().map { ($0.name, try outbox.read($0)) })
        let top =
            "Return-Path: <sales@leadmail.example>\nDelivered-To: anna.berg@gmail.com\n"
            + "Delivered-To: crm-archive@leadmail.example\n"
        #expect(files["outbox.long@x"] == Array(top.replacingOccurrences(of: "\n", with: "\r\n").utf8) + long)
        #expect(files["outbox.lf@x"] == Array(top.utf8) + SMTPFixtures.outlookLF)
    }

    @Test("a batch with an unusable outbox fails every mail with a configuration error")
    func batchIntoUnusableOutbox() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let (transport, _) = try Self.transportBelowARegularFile(in: directory)
        let envelope = Envelope(sender: "a@example.com", recipients: ["b@example.com"])

        let results = await transport.deliver([
            KeyedMail(
                message: SMTPFixtures.thunderbirdShort, envelope: envelope,
                key: "k1@example.com")
        ])

        guard case .failure(let error) = try #require(results.first) else {
            Issue.record("expected a failure, got \(results)")
            return
        }
        #expect(error.kind == .configuration)
    }
}
