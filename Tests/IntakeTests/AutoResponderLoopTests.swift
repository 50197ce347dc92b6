import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// Two auto-responders against each other through LeadMail: a robot at the enquirer's side answers every mail
/// LeadMail sends, LeadMail reads the robot's answer from its inbox, and so on. Each kind of robot must be
/// stopped, by its headers, by the thread, or, for the worst kind, by the per-recipient limit.
@Suite("Auto-responder ping-pong stops", .serialized)
struct AutoResponderLoopTests {
    enum Robot: String, CaseIterable, Sendable {
        /// Marks its answers Auto-Submitted: auto-replied (RFC 3834).
        case polite
        /// No auto headers, but quotes our Message-ID in References.
        case threading
        /// No auto headers, no references, a new subject, and a salesperson closes each lead it opens.
        case rude

        func answer(to reply: ReceivedMail, number: Int) -> [UInt8] {
            let text = String(decoding: reply.data, as: UTF8.self)
            let ourID =
                text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces) } ?? ""
            var headers = [
                "From: Out Of Office <robot@pingpong.example>", "To: sales@acme.example",
                "Subject: Automatic answer \(number): I am away",
                "Date: Mon, 23 Nov 2026 10:0\(number % 10):00 +0000",
                "Message-ID: <robot-\(number)-\(rawValue)@pingpong.example>",
            ]
            switch self {
            case .polite: headers.append("Auto-Submitted: auto-replied")
            case .threading: headers += ["In-Reply-To: \(ourID)", "References: \(ourID)"]
            case .rude: break
            }
            var body =
                "Thank you for your message. I am out of the office until Monday (answer \(number)).\n"
                + "For urgent questions about cold rooms please call +44 20 7946 0000.\n"
            if self == .rude {
                // Nothing a notice reader recognises (`ReplyPolicy.notice`): only the per-recipient limit stops it.
                headers[2] = "Subject: Cold room sensors, note \(number)"
                body =
                    "Noted, thanks (note \(number)). For urgent questions about cold rooms please call "
                    + "+44 20 7946 0000.\n"
            }
            return Array((headers.joined(separator: "\n") + "\n\n" + body).utf8)
        }
    }

    @Test("the exchange stops after LeadMail's first reply", arguments: Robot.allCases)
    func pingPongStops(robot: Robot) async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var harness = try IntakeHarness(relay: server.url)
        // The outbox's per-recipient limit is what this test is about, not intake's repeat window.
        harness.configuration.intake.repeatReplyWindow = 0
        let service = try harness.service()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        // The robot's first message: an enquiry-looking mail that LeadMail answers.
        try harness.inbox.deliver(
            Array(
                """
                From: Out Of Office <robot@pingpong.example>
                To: sales@acme.example
                Subject: Question about cold room sensors
                Date: Mon, 23 Nov 2026 09:00:00 +0000
                Message-ID: <robot-0@pingpong.example>

                Hello, do your sensors work at -30 C? Please send a price.

                """.utf8))
        var handled = 0
        for round in 1...6 {
            _ = try await service.runOnce()
            let replies = try server.received()
            guard replies.count > handled else { break }
            handled = replies.count
            if robot == .rude {
                for lead in try store.leads(LeadQuery()) where lead.status.isOpen {
                    try store.setStatus(leadID: lead.id, to: .rejected, at: Date())
                }
            }
            try harness.inbox.deliver(robot.answer(to: replies[replies.count - 1], number: round))
        }
        _ = try await service.runOnce()
        #expect(try server.received().count == 1, "LeadMail answered the robot more than once")
        let suppressed = try store.outboxEntries(includeSent: false).filter { $0.outcome == .suppressed }
        #expect(robot == .rude ? suppressed.count >= 1 : suppressed.isEmpty)
    }
}
