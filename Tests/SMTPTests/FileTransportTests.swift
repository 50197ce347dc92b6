import Foundation
import Maildir
import SMTP
import Testing
import TestSupport

@Suite("FileTransport writes outgoing mail into a maildir")
struct FileTransportTests {
    @Test("the message lands in new/ with Return-Path and one Delivered-To per recipient on top")
    func writesMessageWithDeliveryHeaders() async throws {
        let directory = try TemporaryDirectory(prefix: "file-transport")
        let outbox = Maildir(path: directory.appending("outbox"))
        let transport = FileTransport(maildir: outbox)
        let envelope = Envelope(sender: "sales@leadmail.example",
                                recipients: ["anna.berg@gmail.com", "<crm-archive@leadmail.example>"])

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)

        let messages = try outbox.newMessages()
        #expect(messages.count == 1)
        let stored = try outbox.read(try #require(messages.first))
        let expectedTop = "Return-Path: <sales@leadmail.example>\r\nDelivered-To: anna.berg@gmail.com\r\n"
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
        let file = directory.appending("file")
        try Data().write(to: URL(fileURLWithPath: file))
        let transport = FileTransport(maildir: Maildir(path: file + "/outbox"))

        let error = try await #require(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.thunderbirdShort,
                                     envelope: Envelope(sender: "a@example.com", recipients: ["b@example.com"]))
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(file + "/outbox"))
    }
}
