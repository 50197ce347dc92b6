import Foundation
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

@testable import Intake

/// Issue 18, point 1: a backfill of old mail answered it ("Thanks for your email of 14 March 2023 …"). Nothing
/// older than `intake.replyMaxAgeDays` (by its Date, its Received field or its maildir name) gets an automatic
/// reply, and `ingest --no-replies` records a backfill of any age without writing to anyone.
@Suite("No automatic reply to old mail; ingest --no-replies", .serialized)
struct ReplyAgeTests {
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// A direct enquiry from `sender`, written at `date`, with a `Received` field of `received` when given.
    static func enquiry(from sender: String, date: String, received: String? = nil, id: String) -> [UInt8] {
        var lines: [String] = []
        if let received {
            lines.append(
                "Received: from mail.customer.example (mail.customer.example [203.0.113.9])\n"
                    + "\tby mx1.acme.example (Postfix) with ESMTPS id 4QxYz1\n\tfor <sales@acme.example>; \(received)")
        }
        lines += [
            "From: Gwen Parry <\(sender)>", "To: sales@acme.example", "Subject: Price for 40 pallets of argon",
            "Date: \(date)", "Message-ID: <\(id)@customer.example>", "",
            "Hello, could you send me a price for 40 pallets of argon cylinders, delivered to Swansea?",
            "", "Gwen Parry", "Parry Welding Ltd",
        ]
        return Array(lines.joined(separator: "\n").utf8)
    }

    static func deliveryTime(_ name: String) -> Int? {
        ReplyAgeRule.deliveryTime(inMaildirName: name).map { Int($0.timeIntervalSince1970) }
    }

    func harness() throws -> IntakeHarness {
        var harness = try IntakeHarness()
        harness.configuration.intake.replyMaxAge = 3 * 24 * 3600
        return harness
    }

    @Test("mail dated 14 March 2023, received long ago or filed under an old maildir name gets no reply")
    func oldMailIsNotAnswered() async throws {
        let harness = try harness()
        let now = Date()
        let recent = Self.rfc5322(now.addingTimeInterval(-3600))
        try harness.inbox.deliver(
            Self.enquiry(
                from: "gwen@parry-welding.example", date: "Tue, 14 Mar 2023 09:12:44 +0000", id: "march-2023"))
        try harness.inbox.deliver(
            Self.enquiry(
                from: "owen@bay-fabrication.example", date: recent,
                received: Self.rfc5322(now.addingTimeInterval(-10 * 24 * 3600)), id: "late-delivery"))
        // No Received field; the MTA's maildir name says it arrived twenty days ago.
        let old = Int(now.addingTimeInterval(-20 * 24 * 3600).timeIntervalSince1970)
        try Data(Self.enquiry(from: "cerys@tawe-steel.example", date: recent, id: "sat-in-new")).write(
            to: URL(fileURLWithPath: harness.configuration.mailbox + "/new/\(old).M412P99Q1.mx1.acme.example"))
        try harness.inbox.deliver(
            Self.enquiry(
                from: "dylan@gower-gates.example", date: recent, received: recent, id: "today"))

        let (intake, _) = try await harness.service().runOnce()
        #expect(intake.created == 4)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let replies = try store.outboxEntries(includeSent: true).filter { $0.item.mail.subject.contains("argon") }
        #expect(replies.map(\.item.mail.recipients) == [["dylan@gower-gates.example"]], "only today's mail")

        for (email, reason) in [
            ("gwen@parry-welding.example", "not answered: older than 3 days (dated 2023-03-14)"),
            ("owen@bay-fabrication.example", "not answered: older than 3 days (reached the mailbox"),
            ("cerys@tawe-steel.example", "not answered: older than 3 days (reached the mailbox"),
        ] {
            let lead = try #require(try store.leads(LeadQuery()).first { $0.email == email })
            let log = try store.communications(leadID: lead.id)
            #expect(log.count == 1, "\(email): the enquiry alone, no reply")
            #expect(log.first?.detail?.hasPrefix(reason) == true, "\(email): \(log.first?.detail ?? "no detail")")
        }
    }

    @Test("ingest --no-replies records today's mail and answers none of it")
    func ingestWithoutReplies() async throws {
        let harness = try harness()
        let folder = try TemporaryDirectory()
        let recent = Self.rfc5322(Date().addingTimeInterval(-600))
        var paths: [String] = []
        for (index, sender) in ["anwen@llanelli-gas.example", "rhys@cardiff-mig.example"].enumerated() {
            let path = folder.path + "/\(index).eml"
            try Data(Self.enquiry(from: sender, date: recent, id: "backfill-\(index)")).write(
                to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let summary = try await harness.service().ingest(paths: paths, replies: false)
        #expect(summary.created == 2)
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        #expect(try store.outboxEntries(includeSent: true).isEmpty, "nothing queued for anyone")
        for lead in try store.leads(LeadQuery()) {
            #expect(
                try store.communications(leadID: lead.id).first?.detail
                    == "not answered: recorded by `leadmail ingest --no-replies`")
        }

        // The same ingest with replies answers a message of today.
        let other = folder.path + "/today.eml"
        try Data(Self.enquiry(from: "mari@neath-alloys.example", date: recent, id: "answered")).write(
            to: URL(fileURLWithPath: other))
        _ = try await harness.service().ingest(paths: [other])
        #expect(
            try store.outboxEntries(includeSent: true).map(\.item.mail.recipients) == [["mari@neath-alloys.example"]])
    }

    @Test("maildir names: the delivery time behind a claim prefix; none in other names")
    func deliveryTimeInNames() {
        #expect(Self.deliveryTime("1794818832.M995030P57721Q1.mx1.acme.example") == 1_794_818_832)
        #expect(Self.deliveryTime(".claim.48213.1794818832.M995030P57721Q1.mx1:2,") == 1_794_818_832)
        #expect(Self.deliveryTime("/var/mail/new/1794818832.4711.mail.example") == 1_794_818_832)
        #expect(Self.deliveryTime("/home/sales/saved/enquiry.eml") == nil)
        #expect(Self.deliveryTime("order-12345.eml") == nil)
    }
}
