import Foundation
import Maildir
import TestSupport
import Testing

@Suite("MaildirWatcher")
struct MaildirWatcherTests {
    @Test("inotify wakes the watcher within a second of a delivery, long before the safety-net poll")
    func inotifyWakesOnDelivery() async throws {
        let directory = try TemporaryDirectory(prefix: "watcher-tests")
        let inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
        var iterator = MaildirWatcher(maildir: inbox, pollInterval: .seconds(60)).makeAsyncIterator()
        #expect(iterator.usesInotify)
        #expect(await iterator.next() != nil)

        let clock = ContinuousClock()
        let start = clock.now
        try inbox.deliver(MaildirFixtures.gmailReply)
        #expect(await iterator.next() != nil)
        // The bound is loose on purpose: the suites run in parallel on two cores, and a busy machine delays any
        // wake-up; without inotify the next wake would come from the 60 s safety-net poll.
        #expect(clock.now - start < .seconds(15))
    }

    @Test("polling mode wakes within a second of a delivery without inotify")
    func pollingWakesOnDelivery() async throws {
        let directory = try TemporaryDirectory(prefix: "watcher-tests")
        let inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
        let watcher = MaildirWatcher(maildir: inbox, pollInterval: .milliseconds(300), useInotify: false)
        var iterator = watcher.makeAsyncIterator()
        #expect(!iterator.usesInotify)
        #expect(await iterator.next() != nil)

        let clock = ContinuousClock()
        try inbox.deliver(MaildirFixtures.gmailReply)
        let start = clock.now
        #expect(await iterator.next() != nil)
        // Liveness, not speed: polling must notice the delivery; the bound is loose for a loaded test machine.
        #expect(clock.now - start < .seconds(15), "poll interval 0.3 s")
        #expect(try inbox.newMessages().count == 1)
    }

    @Test("the first wake-up is immediate, so mail that arrived while down is processed")
    func firstWakeIsImmediate() async throws {
        let directory = try TemporaryDirectory(prefix: "watcher-tests")
        let inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
        let clock = ContinuousClock()
        let start = clock.now
        var iterator = MaildirWatcher(maildir: inbox, pollInterval: .seconds(60)).makeAsyncIterator()
        #expect(await iterator.next() != nil)
        #expect(clock.now - start < .seconds(15), "immediate, not after the 60 s poll (loose for a loaded machine)")
    }

    @Test("cancelling the consuming task ends the sequence promptly")
    func cancellationEndsTheSequence() async throws {
        let directory = try TemporaryDirectory(prefix: "watcher-tests")
        let inbox = Maildir(path: directory.appending("inbox"))
        try inbox.create()
        let consumer = Task {
            var wakeUps = 0
            for await _ in MaildirWatcher(maildir: inbox, pollInterval: .seconds(60)) {
                wakeUps += 1
            }
            return wakeUps
        }
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        consumer.cancel()
        let wakeUps = await consumer.value
        #expect(wakeUps == 1)
        #expect(clock.now - start < .seconds(15), "promptly, not after the 60 s poll (loose for a loaded machine)")
    }
}
