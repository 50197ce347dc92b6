import Foundation
import Maildir
import TestSupport
import Testing

@Suite("leadmail quarantine list and retry, on real maildirs")
struct QuarantineCLITests {
    @Test("a message fixed by hand is listed with its reason, given back to intake, and recorded as a lead")
    func listAndRetry() async throws {
        let workspace = try CLIWorkspace()
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        let quarantine = Maildir(path: workspace.directory.path + "/quarantine")
        let held = try inbox.deliver(
            Array(
                enquiryMail(from: "Siân Pritchard <sian@llandudno-ices.example>", id: "q1@llandudno-ices.example")
                    .utf8))
        try inbox.quarantine(held, reason: "message too large (62 MB; the limit is 50 MB)", into: quarantine)

        let list = try await workspace.leadmail("quarantine", "list")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(held.name), "\(list.stdout)")
        #expect(list.stdout.contains("message too large"))

        let unknown = try await workspace.leadmail("quarantine", "retry", "no-such-message")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("quarantine list"), "\(unknown.stderr)")

        let retry = try await workspace.leadmail("quarantine", "retry", "--all")
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("1 message given back to intake."), "\(retry.stdout)")
        #expect(try quarantine.newMessages().isEmpty)
        let reasons = try FileManager.default.contentsOfDirectory(atPath: quarantine.path + "/reasons")
        #expect(reasons.isEmpty, "the reason note goes with it: \(reasons)")
        #expect(try inbox.newMessages().count == 1)

        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let show = try await workspace.leadmail("leads", "show", "1")
        #expect(show.stdout.contains("sian@llandudno-ices.example"), "\(show.stdout)")
        let empty = try await workspace.leadmail("quarantine", "list")
        #expect(empty.stdout.contains("is empty"))
    }
}
