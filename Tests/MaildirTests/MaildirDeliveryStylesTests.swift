import Foundation
import Maildir
import TestSupport
import Testing

/// Every way an MTA or LDA puts a message in a maildir wakes the watcher at once, and messages are taken in the
/// order they were delivered.
@Suite("Maildir: deliveries as Postfix, Dovecot and others make them")
struct MaildirDeliveryStylesTests {
    let directory: TemporaryDirectory
    let inbox: Maildir

    init() throws {
        directory = try TemporaryDirectory(prefix: "delivery-styles")
        inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
    }

    /// Postfix's `local`/`virtual` delivery: write in tmp/, link() into new/ under `time.V<dev>I<inode>M<usec>.host`,
    /// unlink the tmp/ file. Only IN_CREATE is raised in new/.
    static func deliverAsPostfix(_ bytes: [UInt8], into maildir: Maildir, name: String) throws {
        let temporary = maildir.tmpDirectory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        guard link(temporary, maildir.newDirectory + "/" + name) == 0 else {
            throw SMTPTestServerError("link failed: \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
    }

    static func postfixName(seconds: Int, inode: Int, microseconds: Int) -> String {
        "\(seconds).V803I\(String(inode, radix: 16))M\(microseconds).mx1.acme.example"
    }

    @Test("a link() into new/ (Postfix) wakes the watcher at once, not at the next poll")
    func linkDeliveryWakes() async throws {
        var iterator = MaildirWatcher(maildir: inbox, pollInterval: .seconds(60)).makeAsyncIterator()
        #expect(iterator.usesInotify)
        _ = await iterator.next()
        let clock = ContinuousClock()
        let start = clock.now
        try Self.deliverAsPostfix(
            MaildirFixtures.gmailReply, into: inbox,
            name: Self.postfixName(seconds: 1_796_000_000, inode: 77, microseconds: 1))
        #expect(await iterator.next() != nil)
        #expect(clock.now - start < .seconds(15), "without IN_CREATE only the 60 s poll would notice")
        #expect(try inbox.newMessages().count == 1)
    }

    @Test("a file written in place wakes the watcher when it is closed, and a move into cur/ is reported by name")
    func writeThenCloseAndCur() async throws {
        var iterator = MaildirWatcher(maildir: inbox, pollInterval: .seconds(60)).makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.rescanCur == true, "the first wake looks at the whole of cur/")
        let clock = ContinuousClock()
        var start = clock.now
        let path = inbox.newDirectory + "/1796000001.M5P9.writer"
        let handle = try #require(
            FileHandle(forWritingAtPath: path)
                ?? {
                    FileManager.default.createFile(atPath: path, contents: nil)
                    return FileHandle(forWritingAtPath: path)
                }())
        try handle.write(contentsOf: MaildirFixtures.gmailReply)
        try handle.close()
        #expect(await iterator.next() != nil)
        #expect(clock.now - start < .seconds(15))

        // Dovecot on SELECT: new/NAME → cur/NAME:2,
        start = clock.now
        #expect(rename(path, inbox.curDirectory + "/1796000001.M5P9.writer:2,") == 0)
        var wake = await iterator.next()
        // A wake for the file read above may come first; the move is reported by the one after at the latest.
        if wake?.curNames.isEmpty == true { wake = await iterator.next() }
        #expect(wake?.curNames == ["1796000001.M5P9.writer:2,"])
        #expect(clock.now - start < .seconds(15))
    }

    @Test("a file still being written in place is known as such until it is closed")
    func writeInProgress() async throws {
        let watcher = MaildirWatcher(maildir: inbox, pollInterval: .seconds(60))
        var iterator = watcher.makeAsyncIterator()
        _ = await iterator.next()
        let name = "1796000002.M7P9.writer"
        let descriptor = open(inbox.newDirectory + "/" + name, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(descriptor >= 0)
        let half = Array(MaildirFixtures.gmailReply.prefix(100))
        #expect(half.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == 100)
        let seen = ContinuousClock.now
        while !watcher.writesInProgress.contains(name) && ContinuousClock.now - seen < .seconds(15) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(watcher.writesInProgress.contains(name), "a half-written message must not be taken")
        close(descriptor)
        #expect(await iterator.next() != nil, "its close wakes the watcher")
        let closed = ContinuousClock.now
        while watcher.writesInProgress.contains(name) && ContinuousClock.now - closed < .seconds(15) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(!watcher.writesInProgress.contains(name))
    }

    @Test("messages delivered in the same second are taken by microsecond, not by inode or name")
    func deliveryOrder() throws {
        // The enquiry got the higher inode but the earlier microsecond: name order would put it second.
        let enquiry = Self.postfixName(seconds: 1_796_000_000, inode: 0x2a, microseconds: 100_000)
        let outOfOffice = Self.postfixName(seconds: 1_796_000_000, inode: 0x1f, microseconds: 900_000)
        let later = Self.postfixName(seconds: 1_796_000_001, inode: 0x10, microseconds: 5)
        for name in [later, outOfOffice, enquiry] {
            try Self.deliverAsPostfix(MaildirFixtures.gmailReply, into: inbox, name: name)
        }
        // Dovecot's and LeadMail's own names: M<usec> without leading zeros.
        let dovecot = "1796000000.M500000P4242.mx1"
        try Self.deliverAsPostfix(MaildirFixtures.gmailReply, into: inbox, name: dovecot)
        #expect(try inbox.newMessages().map(\.name) == [enquiry, dovecot, outOfOffice, later])
    }

    @Test("names without microseconds fall back on the file time")
    func fileTimeOrder() throws {
        let names = ["1796000000.4711_2.host", "1796000000.4711_1.host", "saved-by-hand.eml"]
        for (offset, name) in names.enumerated() {
            try Self.deliverAsPostfix(MaildirFixtures.gmailReply, into: inbox, name: name)
            let time = timespec(tv_sec: 1_796_000_000, tv_nsec: offset * 1000)
            var times = [time, time]
            #expect(utimensat(AT_FDCWD, inbox.newDirectory + "/" + name, &times, 0) == 0)
        }
        #expect(try inbox.newMessages().map(\.name) == names)
    }
}
