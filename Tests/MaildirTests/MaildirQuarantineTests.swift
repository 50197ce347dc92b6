import Foundation
import Maildir
import TestSupport
import Testing

@Suite("Maildir quarantine")
struct MaildirQuarantineTests {
    @Test("quarantine moves the bytes unchanged into the other maildir and writes the reason beside them")
    func quarantineKeepsBytesAndWritesReason() throws {
        let directory = try TemporaryDirectory(prefix: "quarantine-tests")
        let inbox = Maildir(path: directory.appending("inbox"))
        let quarantine = Maildir(path: directory.appending("quarantine"))
        try inbox.create()
        let delivered = try inbox.deliver(MaildirFixtures.brokenWebForm)

        let moved = try inbox.quarantine(delivered, reason: "invalid UTF-8 in body\nsecond line", into: quarantine)

        #expect(try inbox.newMessages().isEmpty)
        #expect(try quarantine.newMessages() == [moved])
        #expect(try quarantine.read(moved) == MaildirFixtures.brokenWebForm)
        let note = try String(contentsOfFile: quarantine.path + "/reasons/\(moved.name).txt", encoding: .utf8)
        #expect(note.contains("Reason: invalid UTF-8 in body\n  second line"))
        #expect(note.contains("Original-Path: \(delivered.path)"))
        #expect(note.contains(#/Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#))
    }

    @Test("a second message with the same name gets a fresh name instead of overwriting")
    func quarantineNeverOverwrites() throws {
        let directory = try TemporaryDirectory(prefix: "quarantine-tests")
        let first = Maildir(path: directory.appending("a"))
        let second = Maildir(path: directory.appending("b"))
        let quarantine = Maildir(path: directory.appending("quarantine"))
        try first.create()
        try second.create()
        let original = try first.deliver(MaildirFixtures.gmailReply)
        let twinPath = second.newDirectory + "/" + original.name
        try Data(MaildirFixtures.brokenWebForm).write(to: URL(fileURLWithPath: twinPath))

        let one = try first.quarantine(original, reason: "first", into: quarantine)
        let two = try second.quarantine(
            MaildirMessage(name: original.name, path: twinPath), reason: "second",
            into: quarantine)
        #expect(one.name != two.name)
        #expect(try quarantine.read(one) == MaildirFixtures.gmailReply)
        #expect(try quarantine.read(two) == MaildirFixtures.brokenWebForm)
    }

    @Test(
        "quarantine works across file systems (/dev/shm to the temporary directory)",
        .enabled(if: MaildirQuarantineTests.shmIsAnotherFileSystem()))
    func quarantineAcrossFileSystems() throws {
        let shm = "/dev/shm/leadmail-quarantine-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: shm) }
        let inbox = Maildir(path: shm)
        try inbox.create()
        let directory = try TemporaryDirectory(prefix: "quarantine-tests")
        let quarantine = Maildir(path: directory.appending("quarantine"))
        let delivered = try inbox.deliver(MaildirFixtures.gmailReply)

        let moved = try inbox.quarantine(delivered, reason: "cross-device", into: quarantine)

        #expect(!FileManager.default.fileExists(atPath: delivered.path))
        #expect(try quarantine.read(moved) == MaildirFixtures.gmailReply)
        #expect(try FileManager.default.contentsOfDirectory(atPath: quarantine.tmpDirectory).isEmpty)
    }

    static func shmIsAnotherFileSystem() -> Bool {
        var shm = stat()
        var temporary = stat()
        return stat("/dev/shm", &shm) == 0 && stat(NSTemporaryDirectory(), &temporary) == 0
            && shm.st_dev != temporary.st_dev
    }
}
