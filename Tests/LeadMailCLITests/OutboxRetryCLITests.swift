import Foundation
import TestSupport
import Testing

/// Issue 18, point 2, through the command line: "cancel 47, then retry --all: 47 was sent". `retry --all`
/// leaves a cancelled reply alone; by its ID it needs `--confirm`, and the message says why.
@Suite("leadmail outbox retry: --all takes failed replies, a cancelled one needs --confirm", .serialized)
struct OutboxRetryCLITests {
    @Test("cancel, retry --all, retry ID, retry ID --confirm")
    func cancelThenRetryAll() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let workspace = try CLIWorkspace(relay: server.url)
        try workspace.copySamples()
        let answered = try SampleExpectation.all().filter { $0.outcome == "lead" && $0.reply }.compactMap(\.email)
        let waiting = answered[0]
        try server.setRules([.reject(recipient: waiting, code: 451, message: "4.3.0 Try later")])
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 75 || run.status == 0, "\(run.stderr)")

        let list = try await workspace.leadmail("outbox")
        let row = try #require(list.stdout.split(separator: "\n").first { $0.contains(waiting) })
        let id = try #require(row.split(separator: " ").first.map(String.init))
        let cancel = try await workspace.leadmail("outbox", "cancel", id)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        try server.setRules([])

        let all = try await workspace.leadmail("outbox", "retry", "--all")
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasPrefix("0 replies queued again"), "\(all.stdout)")
        _ = try await workspace.leadmail("run", "--once")
        #expect(try server.received().filter { $0.rcptTos == [waiting] }.isEmpty, "the cancelled reply was sent")

        let byID = try await workspace.leadmail("outbox", "retry", id)
        #expect(byID.status != 0)
        #expect(byID.stderr.contains("is cancelled"), "\(byID.stderr)")
        #expect(byID.stderr.contains("--confirm"), "\(byID.stderr)")
        let confirmed = try await workspace.leadmail("outbox", "retry", id, "--confirm")
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        _ = try await workspace.leadmail("run", "--once")
        #expect(try server.received().filter { $0.rcptTos == [waiting] }.count == 1)
        let mixed = try await workspace.leadmail("outbox", "retry", "--all", "--confirm")
        #expect(mixed.status != 0, "--confirm goes with one ID")
    }
}
