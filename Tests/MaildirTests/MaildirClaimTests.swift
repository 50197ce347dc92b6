import Foundation
import Maildir
import TestSupport
import Testing

/// The claim that lets several LeadMail processes share one maildir: exactly one wins each message, a claimed
/// message is invisible to the others but still in new/, and a dead process's claims come back.
@Suite("Maildir claims: one process per message, dead claims taken back")
struct MaildirClaimTests {
    @Test("many racing claimers: each message is won exactly once")
    func racingClaims() async throws {
        let directory = try TemporaryDirectory()
        let maildir = Maildir(path: directory.appending("inbox"))
        try maildir.create()
        for _ in 0..<200 { try maildir.deliver(MaildirFixtures.gmailReply) }
        let listed = try maildir.newMessages()
        let wins = await withTaskGroup(of: [String].self) { group in
            for claimer in 0..<8 {
                group.addTask {
                    listed.compactMap { message in
                        (try? maildir.claim(message, processID: Int32(1000 + claimer))).flatMap { $0 }?.name
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(wins.count == 200)
        #expect(Set(wins) == Set(listed.map(\.name)))
        #expect(try maildir.newMessages().isEmpty, "claimed messages are hidden from listings")
    }

    @Test("a claimed message keeps its name through markSeen, and release gives it back")
    func claimThenFile() throws {
        let directory = try TemporaryDirectory()
        let maildir = Maildir(path: directory.appending("inbox"))
        try maildir.create()
        let first = try maildir.deliver(MaildirFixtures.gmailReply)
        let second = try maildir.deliver(MaildirFixtures.gmailReply)
        let claimed = try #require(try maildir.claim(first))
        #expect(claimed.name == first.name && claimed.path != first.path)
        #expect(try maildir.claim(first) == nil, "a second claim loses")
        let seen = try maildir.markSeen(claimed)
        #expect(seen.name == first.name + ":2,S")
        let other = try #require(try maildir.claim(second))
        try maildir.release(other)
        #expect(try maildir.newMessages().map(\.name) == [second.name])
    }

    @Test("claims of a dead process come back to new/, a live process's stay")
    func reclaimDead() throws {
        let directory = try TemporaryDirectory()
        let maildir = Maildir(path: directory.appending("inbox"))
        try maildir.create()
        let dead = try maildir.deliver(MaildirFixtures.gmailReply)
        let alive = try maildir.deliver(MaildirFixtures.gmailReply)
        _ = try maildir.claim(dead, processID: 999_999)
        _ = try maildir.claim(alive, processID: getpid())
        let back = try maildir.reclaimAbandoned()
        #expect(back == [dead.name])
        #expect(try maildir.newMessages().map(\.name) == [dead.name])
    }
}
