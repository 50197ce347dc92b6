import Foundation
import Intake
import Maildir
import TestSupport
import Testing

@Suite("leadmail run: watching the mailbox", .serialized)
struct WatchModeTests {
    @Test("a message delivered into new/ while the service runs is answered, and cancelling stops the service")
    func watches() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url)
        let service = try harness.service()
        let running = Task { try await service.run() }
        try await Task.sleep(for: .milliseconds(300))

        let names = try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.samples + "/new").sorted()
        try harness.inbox.deliver(try harness.sampleBytes(names[0]))
        let started = ContinuousClock.now
        let mails = try await server.waitForMessages(count: 1, timeout: .seconds(10))
        let waited = ContinuousClock.now - started
        #expect(mails.count == 1)
        // Loose on purpose (a loaded two-core machine): without the watcher it would wait for the 1 s poll at best.
        #expect(waited < .seconds(15), "answered in \(waited); the watcher should wake within a second")
        // The round files its message once the reply's handover has made the round's commits durable.
        while try !harness.inbox.newMessages().isEmpty && ContinuousClock.now - started < .seconds(15) {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try harness.inbox.newMessages().isEmpty)
        #expect(try harness.inbox.curMessages().count == 1)

        running.cancel()
        try await running.value
    }
}
