import Foundation
import Intake
import LeadStore
import Leads
import MIME
import Maildir
import TestSupport
import Testing

/// Marketing edits templates while `leadmail run` runs: real maildir, SQLite, templates folder and SMTP server.
@Suite("Templates: edited under a running service, chosen by language, delayed", .serialized)
struct TemplateEditingTests {
    static let marketing = MailAddress(name: "Marketing", address: "marketing@acme.example")

    /// A direct enquiry to sales@ (source `email`) from a sender of its own.
    static func enquiry(
        _ number: Int,
        text: String = """
        Hello, we are looking for pressure sensors for our cold store. Could you please send us a quote for
        twenty of them and tell us the delivery time? Thank you.
        """, contentLanguage: String? = nil
    ) -> [UInt8] {
        let header = contentLanguage.map { "Content-Language: \($0)\r\n" } ?? ""
        let lines = [
            "From: Customer \(number) <customer\(number)@example.org>", "To: sales@acme.example",
            "Subject: Sensors for our plant (\(number))", "Date: Mon, 16 Nov 2026 10:0\(number):00 +0000",
            "Message-ID: <enquiry-\(number)-\(UUID().uuidString)@example.org>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n" + header + "\r\n" + text + "\r\n").utf8)
    }

    /// The shipped templates copied into the harness folder, so the test can edit them.
    static func editableTemplates(_ harness: inout IntakeHarness) throws -> String {
        let copy = harness.directory.path + "/templates"
        try FileManager.default.copyItem(atPath: RepositoryPaths.templates, toPath: copy)
        harness.configuration.templates = copy
        return copy
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("a good edit is taken; a bad one is not, the last good version answers and marketing gets ONE email")
    func editsWhileRunning() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var harness = try IntakeHarness(relay: server.url)
        let folder = try Self.editableTemplates(&harness)
        harness.configuration.templatesContact = Self.marketing
        harness.configuration.pollInterval = .milliseconds(200)
        let service = try harness.service()
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let template = folder + "/email.mustache"
        let original = try String(contentsOfFile: template, encoding: .utf8)
        let parser = MessageParser()

        // 1. A good edit: the next enquiry gets the new subject.
        try Self.write(
            original.replacingOccurrences(
                of: "subject: \"{{#enquirySubject}}Re:", with: "subject: \"{{#enquirySubject}}Edited: Re:"),
            to: template)
        try harness.inbox.deliver(Self.enquiry(1))
        let first = try await server.waitForMessages(count: 1)
        #expect(first[0].rcptTos == ["customer1@example.org"])
        #expect(try parser.parse(first[0].data).subject?.hasPrefix("Edited: Re: Sensors for our plant (1) [#L") == true)

        // 2. A bad edit (a typo in a variable): not taken; one notice to marketing, the reply still goes out.
        let broken = original.replacingOccurrences(of: "{{#enquiryDate}} of {{enquiryDate}}", with: "{{frstName}}")
        try Self.write(
            broken.replacingOccurrences(
                of: "subject: \"{{#enquirySubject}}Re:", with: "subject: \"{{#enquirySubject}}Broken: Re:"),
            to: template)
        try await Task.sleep(for: .milliseconds(500))
        try harness.inbox.deliver(Self.enquiry(2))
        let second = try await server.waitForMessages(count: 3)
        let notices = second.filter { $0.rcptTos == ["marketing@acme.example"] }
        try #require(notices.count == 1)
        let notice = try parser.parse(notices[0].data)
        #expect(notice.subject == "Your template edit has 2 problems; the previous version is still being sent")
        #expect(notice.headers["Auto-Submitted"] == "auto-generated")
        let noticeText = try #require(notice.text)
        #expect(noticeText.contains("\n  email.mustache:8:22: "), "file:line:column, relative: \(noticeText)")
        #expect(noticeText.contains("unknown variable 'frstName'; did you mean 'firstName'?"))
        let reply = try #require(second.first { $0.rcptTos == ["customer2@example.org"] })
        #expect(
            try parser.parse(reply.data).subject?.hasPrefix("Edited: Re: Sensors for our plant (2) [#L") == true,
            "last good version")

        // 3. The same problems again (another save, another enquiry): no second notice.
        try Self.write(
            broken.replacingOccurrences(
                of: "subject: \"{{#enquirySubject}}Re:", with: "subject: \"{{#enquirySubject}}Broken:  Re:"),
            to: template)
        try await Task.sleep(for: .milliseconds(500))
        try harness.inbox.deliver(Self.enquiry(3))
        _ = try await server.waitForMessages(count: 4)
        try await Task.sleep(for: .milliseconds(800))
        #expect(try server.received().count == 4)

        // 4. A different mistake is a new set of problems: marketing hears about it once more.
        try Self.write(original.replacingOccurrences(of: "{{/ownerName}}", with: "{{/owner}}"), to: template)
        try await Task.sleep(for: .milliseconds(500))
        try harness.inbox.deliver(Self.enquiry(4))
        let all = try await server.waitForMessages(count: 6)
        #expect(all.filter { $0.rcptTos == ["marketing@acme.example"] }.count == 2)
        let last = try #require(all.first { $0.rcptTos == ["customer4@example.org"] })
        #expect(try parser.parse(last.data).subject?.hasPrefix("Edited: Re: Sensors for our plant (4) [#L") == true)

        running.cancel()
        try await running.value
    }

    @Test("a German enquiry gets the German template, its cc/bcc and its delay; the English one goes at once")
    func languageAndDelay() async throws {
        var harness = try IntakeHarness()
        let folder = try Self.editableTemplates(&harness)
        let emailDE = folder + "/email.de.mustache"
        let text = try String(contentsOfFile: emailDE, encoding: .utf8)
        try Self.write(
            text.replacingOccurrences(
                of: "delay: 10\n",
                with: "delay: 10\ncc: [desk@acme.example]\n"
                    + "bcc: [crm@acme.example]\n"), to: emailDE)
        let service = try harness.service()
        try harness.inbox.deliver(
            Self.enquiry(
                1,
                text: """
                    Sehr geehrte Damen und Herren, wir benötigen für unser Kühlhaus zwanzig Drucksensoren. Können Sie uns
                    bitte ein Angebot und die Lieferzeit nennen? Vielen Dank.
                    """))
        try harness.inbox.deliver(Self.enquiry(2, contentLanguage: "de-DE"))
        let (intake, delivery) = try await service.runOnce()
        #expect(intake.repliesQueued == 2)
        #expect(delivery.sent == 1, "the English reply; the German one waits 10 minutes")

        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let waiting = try store.pendingOutbox()
        try #require(waiting.count == 1)
        let german = waiting[0]
        #expect(german.mail.recipients == ["customer1@example.org", "desk@acme.example", "crm@acme.example"])
        let delay = german.nextAttemptAt.timeIntervalSince(german.createdAt)
        #expect(abs(delay - 600) < 1, "due 10 minutes after it was queued, not \(delay) s")
        let message = try MessageParser().parse(german.mail.raw)
        #expect(message.headers["X-LeadMail-Template"] == "email.de")
        #expect(
            message.subject?.hasPrefix("AW: Sensors for our plant (1) [#L") == true,
            "the lead token follows the subject")
        #expect(message.cc.map(\.address) == ["desk@acme.example"])
        #expect(message.headers["Bcc"] == nil, "bcc is in the envelope only")
        #expect(message.text?.contains("Mit freundlichen Grüßen") == true)
        #expect(message.html?.contains("Mit freundlichen Grüßen") == true)
    }
}
