import Foundation
import Maildir
import TestSupport
import Testing

@Suite("Maildir errors say which path failed and what to do")
struct MaildirErrorTests {
    @Test("creating a maildir below a regular file fails with ENOTDIR and advice")
    func createBelowRegularFile() throws {
        let directory = try TemporaryDirectory(prefix: "maildir-errors")
        let file = directory.appending("not-a-directory")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let maildir = Maildir(path: file + "/inbox")

        let error = try #require(throws: MaildirError.self) { try maildir.create() }
        #expect(error.operation == .create)
        #expect(error.errorNumber == ENOTDIR)
        #expect(error.description.contains(file + "/inbox"))
        #expect(error.description.contains("Not a directory"))
        #expect(error.description.contains("regular file"))
    }

    @Test("delivering into a maildir that was never created names the tmp/ path")
    func deliverWithoutCreate() throws {
        let directory = try TemporaryDirectory(prefix: "maildir-errors")
        let maildir = Maildir(path: directory.appending("missing"))

        let error = try #require(throws: MaildirError.self) { try maildir.deliver(MaildirFixtures.gmailReply) }
        #expect(error.operation == .deliver)
        #expect(error.errorNumber == ENOENT)
        #expect(error.path.hasPrefix(maildir.tmpDirectory + "/"))
        #expect(error.description.contains("create the maildir first"))
    }

    @Test("reading a message that another process already took reports ENOENT for that file")
    func readVanishedMessage() throws {
        let directory = try TemporaryDirectory(prefix: "maildir-errors")
        let maildir = Maildir(path: directory.appending("inbox"))
        try maildir.create()
        let message = try maildir.deliver(MaildirFixtures.gmailReply)
        try FileManager.default.removeItem(atPath: message.path)

        let error = try #require(throws: MaildirError.self) { try maildir.read(message) }
        #expect(error.path == message.path)
        #expect(error.errorNumber == ENOENT)
        #expect(throws: MaildirError.self) { try maildir.markSeen(message) }
    }

    @Test("listing a maildir whose new/ is a file fails with the path of new/")
    func listWhenNewIsAFile() throws {
        let directory = try TemporaryDirectory(prefix: "maildir-errors")
        let root = directory.appending("odd")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: root + "/new"))
        let maildir = Maildir(path: root)

        let error = try #require(throws: MaildirError.self) { try maildir.newMessages() }
        #expect(error.operation == .list)
        #expect(error.path == root + "/new")
        #expect(error.errorNumber == ENOTDIR)
        #expect(throws: MaildirError.self) { try maildir.create() }
    }
}
