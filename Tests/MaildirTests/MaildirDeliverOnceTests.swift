import Foundation
import Maildir
import TestSupport
import Testing

/// `deliverOnce` writes a batch to tmp/, flushes it with one `syncfs`, then renames into new/: these check what a
/// caller sees of that on a real directory (the flush itself only shows after a power cut).
@Suite("Maildir delivery of a named batch, at most once per name")
struct MaildirDeliverOnceTests {
    let directory: TemporaryDirectory
    let outbox: Maildir

    init() throws {
        directory = try TemporaryDirectory(prefix: "maildir-once")
        outbox = Maildir(path: directory.appending("outbox"))
        try outbox.create()
    }

    private func named(_ name: String) -> Maildir.NamedMessage {
        Maildir.NamedMessage(name: name, bytes: Array("Message-ID: <\(name)>\r\n\r\nReply for \(name)\r\n".utf8))
    }

    @Test("a batch lands in new/ byte for byte, skips a name a client already read, replaces a crash's tmp file")
    func batchOfThree() throws {
        let manager = FileManager.default
        // Read by a mail client: moved to cur/ with flags.
        try Data("old".utf8).write(to: URL(fileURLWithPath: outbox.curDirectory + "/outbox.b@x:2,S"))
        // Left in tmp/ by a process that died between write and rename.
        try Data("half a mess".utf8).write(to: URL(fileURLWithPath: outbox.tmpDirectory + "/outbox.c@x"))
        let batch = ["outbox.a@x", "outbox.b@x", "outbox.c@x"].map(named)

        let results = outbox.deliverOnce(batch)

        #expect(results.count == 3)
        guard case .success(.delivered(let first)) = results[0],
            case .success(.alreadyThere(let seen)) = results[1],
            case .success(.delivered(let third)) = results[2]
        else {
            Issue.record("unexpected results: \(results)")
            return
        }
        #expect(first.path == outbox.newDirectory + "/outbox.a@x")
        #expect(seen == outbox.curDirectory + "/outbox.b@x:2,S")
        #expect(third.path == outbox.newDirectory + "/outbox.c@x")
        #expect(try outbox.read(first) == batch[0].bytes)
        #expect(try outbox.read(third) == batch[2].bytes, "the stale tmp file was replaced, not renamed")
        #expect(try manager.contentsOfDirectory(atPath: outbox.newDirectory).sorted() == ["outbox.a@x", "outbox.c@x"])
        #expect(try manager.contentsOfDirectory(atPath: outbox.tmpDirectory).isEmpty)
    }

    @Test("the same batch twice writes nothing the second time")
    func secondDeliveryIsNothing() throws {
        let batch = ["outbox.1@x", "outbox.2@x"].map(named)
        _ = outbox.deliverOnce(batch)
        let again = outbox.deliverOnce(batch)
        #expect(again.allSatisfy { if case .success(.alreadyThere) = $0 { true } else { false } })
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.newDirectory).count == 2)
    }

    @Test("a message that cannot be written fails alone; the rest of the batch is delivered")
    func oneFailureDoesNotStopTheBatch() throws {
        // A directory where the temporary file must go: unlink cannot clear it and open(O_EXCL) refuses.
        try FileManager.default.createDirectory(
            atPath: outbox.tmpDirectory + "/outbox.blocked@x", withIntermediateDirectories: false)
        let results = outbox.deliverOnce(["outbox.ok1@x", "outbox.blocked@x", "outbox.ok2@x"].map(named))
        #expect(results.count == 3)
        if case .failure(let error) = results[1] {
            #expect("\(error)".contains("outbox.blocked@x"), "the error names the file: \(error)")
        } else {
            Issue.record("the blocked message was reported as \(results[1])")
        }
        for index in [0, 2] {
            guard case .success(.delivered(let message)) = results[index] else {
                Issue.record("message \(index) was reported as \(results[index])")
                continue
            }
            #expect(FileManager.default.fileExists(atPath: message.path))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outbox.newDirectory).sorted()
                == ["outbox.ok1@x", "outbox.ok2@x"])
    }
}
