import Foundation
import Intake
import Maildir
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Entries of new/ that are not message files: a FIFO, a device behind a link, links that lead nowhere or outside
/// the maildir, a directory. Each goes to the quarantine once, with its reason, and the mail beside it is
/// handled as usual.
@Suite("Entries of new/ that are not messages are quarantined once", .serialized)
struct HostileEntriesTests {
    /// A real enquiry, the mail that must still be handled beside the hostile entries.
    static let enquiry = Array(
        """
        From: Priya Natarajan <priya@harbourline.example>
        To: sales@acme.example
        Subject: Quote for 40 desks
        Date: Tue, 24 Nov 2026 09:12:00 +0000
        Message-ID: <desks-40@harbourline.example>

        Hello, could you send a quote for 40 sit-stand desks delivered to Leeds?

        Priya
        """.replacingOccurrences(of: "\n", with: "\r\n").utf8)

    @Test("a FIFO in new/ is quarantined at once instead of blocking open() for ever")
    func fifo() async throws {
        let harness = try IntakeHarness()
        try harness.inbox.deliver(Self.enquiry)
        let fifo = harness.inbox.newDirectory + "/1795500000.M1P1Q1.mx1.acme.example"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Should `open` block, a writer comes after 60 s to free it, so the test fails instead of hanging; the
        // writer says whether it found a reader waiting, whatever the machine's load made the run's length.
        let rescuedReader = Mutex(false)
        let rescue = Thread {
            Thread.sleep(forTimeInterval: 60)
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 {
                rescuedReader.withLock { $0 = true }
                close(descriptor)
            }
        }
        rescue.start()
        let (intake, _) = try await harness.service().runOnce()
        #expect(!rescuedReader.withLock { $0 }, "the FIFO was waited on")
        #expect(intake.created == 1)
        #expect(intake.quarantined == 1)
        #expect(intake.deferred == 0)
        let reasons = harness.quarantine.path + "/reasons/"
        let reason = try String(contentsOfFile: reasons + "1795500000.M1P1Q1.mx1.acme.example.txt", encoding: .utf8)
        #expect(reason.contains("named pipe (FIFO)"))
        #expect(try harness.inbox.newMessages().isEmpty)
    }

    @Test("a device behind a link, dangling links, a link loop, a directory and a link out of the maildir")
    func linksAndDirectories() async throws {
        let harness = try IntakeHarness()
        let new = harness.inbox.newDirectory
        let files = FileManager.default
        // A mail-shaped file elsewhere on the machine: a link to it must not become a lead.
        let outside = harness.directory.path + "/elsewhere.eml"
        try Data(Self.enquiry).write(to: URL(fileURLWithPath: outside))
        try files.createSymbolicLink(atPath: new + "/1795500001.M1P1Q1.zero", withDestinationPath: "/dev/zero")
        try files.createSymbolicLink(atPath: new + "/1795500002.M1P1Q1.dangling", withDestinationPath: new + "/gone")
        let loop = new + "/1795500003.M1P1Q1.loop"
        try files.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        try files.createDirectory(atPath: new + "/1795500004.M1P1Q1.folder", withIntermediateDirectories: false)
        try files.createSymbolicLink(atPath: new + "/1795500005.M1P1Q1.outside", withDestinationPath: outside)
        let service = try harness.service()

        let started = Date()
        let (intake, delivery) = try await service.runOnce()
        #expect(Date().timeIntervalSince(started) < 45, "a link to /dev/zero was read on")
        #expect(intake.quarantined == 5)
        #expect(intake.deferred == 0)
        #expect(intake.created == 0, "a link to a message outside the maildir became a lead")
        #expect(delivery.sent == 0)
        #expect(try harness.inbox.newMessages().isEmpty)
        let reasons = harness.quarantine.path + "/reasons/"
        for (name, kind) in [
            ("zero", "symbolic link"), ("dangling", "symbolic link"), ("loop", "symbolic link"),
            ("folder", "directory"), ("outside", "symbolic link"),
        ] {
            let matching = try files.contentsOfDirectory(atPath: reasons).filter { $0.contains(name) }
            #expect(matching.count == 1, "\(name): \(matching)")
            let reason = try String(contentsOfFile: reasons + (matching.first ?? ""), encoding: .utf8)
            #expect(reason.contains(kind), "\(name): \(reason)")
        }
        // Once: the next pass finds nothing, and the file the link pointed at is untouched.
        let (again, _) = try await service.runOnce()
        #expect(again.total == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside)) == Data(Self.enquiry))
    }

    @Test("a message over the size limit is quarantined without being read past the limit")
    func tooLarge() async throws {
        let harness = try IntakeHarness()
        // Procfs files say they are empty (st_size 0) and are not: the limit must hold while reading.
        let error = try #require(throws: MaildirError.self) {
            try Maildir.readMessageFile(atPath: "/proc/self/smaps", limit: 100)
        }
        #expect(error.refusal == .tooLarge(size: 101, limit: 100))
        let device = try #require(throws: MaildirError.self) {
            try Maildir.readMessageFile(atPath: "/dev/zero", limit: 100)
        }
        #expect(device.refusal == .notARegularFile(.characterDevice))

        let big = try harness.inbox.deliver(Self.enquiry + Array(repeating: UInt8(ascii: "x"), count: 4_096))
        let refused = try #require(throws: MaildirError.self) { try harness.inbox.read(big, limit: 1_000) }
        #expect(refused.refusal == .tooLarge(size: Self.enquiry.count + 4_096, limit: 1_000))
        #expect(refused.description.contains("quarantine"))
    }
}
