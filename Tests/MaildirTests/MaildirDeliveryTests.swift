import Foundation
import Maildir
import TestSupport
import Testing

@Suite("Maildir delivery, listing and reading")
struct MaildirDeliveryTests {
    let directory: TemporaryDirectory
    let inbox: Maildir

    init() throws {
        directory = try TemporaryDirectory(prefix: "maildir-tests")
        inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
    }

    @Test("create makes new/, cur/ and tmp/ and can run twice")
    func createMakesTheThreeDirectories() throws {
        try inbox.create()
        for sub in ["new", "cur", "tmp"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: inbox.path + "/" + sub, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
    }

    @Test(
        "a delivered message is listed in new/ and reads back byte for byte",
        arguments: [
            MaildirFixtures.gmailReply, MaildirFixtures.brokenWebForm, [],
        ])
    func deliverListRead(bytes: [UInt8]) throws {
        let delivered = try inbox.deliver(bytes)
        let listed = try inbox.newMessages()
        #expect(listed == [delivered])
        #expect(try inbox.read(listed[0]) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: inbox.tmpDirectory).isEmpty)
    }

    @Test(
        "a loose message file reads back byte for byte: empty, small, and larger than one read",
        arguments: [
            0, 1_000, 3 * 65_536 + 17,
        ])
    func looseFileReadsWhole(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 256) }
        let path = directory.appending("saved-\(size).eml")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try Maildir.readMessageFile(atPath: path) == bytes)
    }

    /// A procfs file says it is empty (st_size 0) and is not: everything comes from reading past the expected end,
    /// as with a file that grows while it is read (the one-byte probe, then 64 KB reads). A named pipe, which this
    /// test used before, is no message file and is refused (`HostileEntriesTests`).
    @Test("bytes beyond the size fstat gave are read too: a procfs file fstat calls empty")
    func readsPastExpectedSize() throws {
        let bytes = try Maildir.readMessageFile(atPath: "/proc/self/smaps")
        #expect(bytes.count > 65_536 + 1, "\(bytes.count) bytes")
        #expect(bytes.last == UInt8(ascii: "\n"))
    }

    @Test(
        "flags are what follows the first ':2,' of a name, and the unique name what precedes its first ':'",
        arguments: [
            ("1796.M1P2Q3.host:2,S", "S", "1796.M1P2Q3.host"), ("1796.host:2,FRS", "FRS", "1796.host"),
            ("1796.host", "", "1796.host"), ("1796.host:2,", "", "1796.host"), ("1796.host:1,x", "", "1796.host"),
            ("a:1,b:2,T", "T", "a"), ("b\u{301}ücher.host:2,S", "S", "b\u{301}ücher.host"), (":2,S", "S", ""),
            ("1796.host:2", "", "1796.host"),
        ])
    func flagsAndUniqueName(name: String, flags: String, unique: String) {
        let message = MaildirMessage(name: name, path: "/inbox/cur/" + name)
        #expect(message.flags == flags)
        #expect(message.uniqueName == unique)
    }

    @Test("a missing loose file is a read error that names it")
    func missingLooseFile() {
        let path = directory.appending("nowhere.eml")
        #expect { try Maildir.readMessageFile(atPath: path) } throws: { "\($0)".contains("nowhere.eml") }
    }

    @Test("unique names follow time.M<usec>P<pid>Q<counter>.<hostname>")
    func uniqueNameForm() throws {
        let message = try inbox.deliver(MaildirFixtures.gmailReply)
        let pattern = #/^\d+\.M\d+P(\d+)Q\d+\.[^/:]+$/#
        let match = try #require(message.name.wholeMatch(of: pattern))
        #expect(Int32(match.1) == ProcessInfo.processInfo.processIdentifier)
        #expect(message.path == inbox.newDirectory + "/" + message.name)
    }

    @Test("many quick deliveries get distinct names and are listed in delivery order")
    func manyDeliveriesAreDistinctAndSorted() throws {
        let names = try (0..<200).map { _ in try inbox.deliver(MaildirFixtures.brokenWebForm).name }
        #expect(Set(names).count == 200)
        let listed = try inbox.newMessages().map(\.name)
        #expect(listed == names, "seconds, then microseconds (M5858 before M11438), not the names' text order")
        #expect(Set(listed) == Set(names))
    }

    @Test("dotfiles in new/ are not listed")
    func dotfilesAreSkipped() throws {
        try Data("junk".utf8).write(to: URL(fileURLWithPath: inbox.newDirectory + "/.DS_Store"))
        let delivered = try inbox.deliver(MaildirFixtures.gmailReply)
        #expect(try inbox.newMessages() == [delivered])
    }

    @Test("markSeen moves new/NAME to cur/NAME:2,S with identical bytes")
    func markSeenMovesToCur() throws {
        let delivered = try inbox.deliver(MaildirFixtures.gmailReply)
        let seen = try inbox.markSeen(delivered)
        #expect(seen.name == delivered.name + ":2,S")
        #expect(try inbox.newMessages().isEmpty)
        #expect(try inbox.curMessages() == [seen])
        #expect(try inbox.read(seen) == MaildirFixtures.gmailReply)
        #expect(!FileManager.default.fileExists(atPath: delivered.path))
    }

    @Test("markSeen merges S into existing flags in alphabetical order")
    func markSeenMergesFlags() throws {
        let delivered = try inbox.deliver(MaildirFixtures.gmailReply)
        let flaggedPath = inbox.newDirectory + "/" + delivered.name + ":2,RF"
        #expect(rename(delivered.path, flaggedPath) == 0)
        let flagged = MaildirMessage(name: delivered.name + ":2,RF", path: flaggedPath)
        let seen = try inbox.markSeen(flagged)
        #expect(seen.name == delivered.name + ":2,FRS")
        #expect(seen.flags == "FRS")
        #expect(try inbox.markSeen(seen) == seen)
    }
}
