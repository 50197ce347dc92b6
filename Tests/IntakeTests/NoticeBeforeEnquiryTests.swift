import Foundation
import Intake
import LeadStore
import Leads
import Maildir
import TestSupport
import Testing

/// Automatic mail delivered before the message it answers (issue 19, point 4): a colleague's out-of-office that
/// reached the inbox before the enquiry, whose relay held it up, is logged on the enquiry's lead and never answered.
@Suite("Automatic mail that arrives before the message it answers", .serialized)
struct NoticeBeforeEnquiryTests {
    static let enquiryID = "CAF3x9Q-2nT+kD7@mail.plant-7.example"

    /// A customer's enquiry to sales@ with a colleague in Cc, as a mail client sends it.
    static let enquiry = Array(
        """
        Return-Path: <zoe.mueller@plant-7.example>
        Received: from mail.plant-7.example (mail.plant-7.example [203.0.113.70])
        \tby mx1.acme.example (Postfix) with ESMTPS id 4Qx2Lk0Zz3z9sWQ
        \tfor <sales@acme.example>; Mon, 16 Nov 2026 10:14:52 +0100 (CET)
        From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe.mueller@plant-7.example>
        To: Acme Sales <sales@acme.example>
        Cc: Jens Weber <j.weber@plant-7.example>
        Subject: Quote for 40 pressure sensors,
         delivery to =?UTF-8?Q?K=C3=B6ln?=
        Date: Mon, 16 Nov 2026 10:13:05 +0100
        Message-ID: <\(enquiryID)>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        Hello,

        we need 40 pressure sensors (0-10 bar) for our plant in K=C3=B6ln, can you =
        quote by Friday? Jens is away this week, please answer me.

        Zo=C3=AB M=C3=BCller
        Plant 7 GmbH
        +49 221 555 0177

        """.replacingOccurrences(of: "\n", with: "\r\n").utf8)

    /// The Cc'd colleague's Exchange out-of-office, answering all: no lead, no reply, but it belongs on the lead.
    static let outOfOffice = Array(
        """
        Return-Path: <>
        Received: from mail.plant-7.example (mail.plant-7.example [203.0.113.70])
        \tby mx1.acme.example (Postfix) with ESMTPS id 4Qx2Lh6Tm1z9sWP
        \tfor <sales@acme.example>; Mon, 16 Nov 2026 10:13:09 +0100 (CET)
        From: Jens Weber <j.weber@plant-7.example>
        To: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe.mueller@plant-7.example>
        Cc: Acme Sales <sales@acme.example>
        Subject: =?UTF-8?Q?Automatische_Antwort:_Quote_for_40_pressure_sensors,_delivery_to_K?=
         =?UTF-8?Q?=C3=B6ln?=
        Date: Mon, 16 Nov 2026 09:13:08 +0000
        Message-ID: <a1b2c3d4e5f6@PLANT7-EX01.plant-7.example>
        In-Reply-To: <\(enquiryID)>
        References: <\(enquiryID)>
        Auto-Submitted: auto-replied
        X-Auto-Response-Suppress: All
        X-MS-Exchange-Inbox-Rules-Loop: j.weber@plant-7.example
        MIME-Version: 1.0
        Content-Type: text/plain; charset="iso-8859-1"
        Content-Transfer-Encoding: quoted-printable

        Ich bin bis 20.11. nicht im B=FCro. In dringenden F=E4llen wenden Sie sich bitte
        an Zo=EB M=FCller.

        I am out of the office until 20 November.

        """.replacingOccurrences(of: "\n", with: "\r\n").utf8)

    /// Postfix's name for a file it delivered (`time.V<dev>I<inode>M<usec>.host`), linked into new/ as Postfix does.
    static func deliverAsPostfix(_ bytes: [UInt8], into inbox: Maildir, seconds: Int, inode: Int) throws {
        let name = "\(seconds).V803I\(String(inode, radix: 16))M\(120_000 + inode).mx1.acme.example"
        let temporary = inbox.tmpDirectory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        guard link(temporary, inbox.newDirectory + "/" + name) == 0 else {
            throw SMTPTestServerError("link failed: \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
    }

    /// The lead's log once both are recorded: the enquiry, the out-of-office beside it and our one reply.
    static func expectOutOfOfficeLogged(_ harness: IntakeHarness, server: SMTPTestServer) async throws {
        let store = try StoreFactory.open(harness.configuration.store)
        let leads = try await store.read { try $0.search(LeadSearch()).map(\.lead) }
        try #require(leads.count == 1, "one lead, for the enquiry: \(leads.map(\.email))")
        #expect(leads[0].email == "zoe.mueller@plant-7.example")
        let id = leads[0].id
        let log = try await store.read { try $0.communications(leadID: id) }
        let logged = log.filter { $0.messageID == "a1b2c3d4e5f6@PLANT7-EX01.plant-7.example" }
        #expect(logged.count == 1, "the out-of-office is on the lead: \(log.map { "\($0.kind) \($0.from)" })")
        #expect(logged.first?.direction == .inbound)
        #expect(logged.first?.from.contains("j.weber@plant-7.example") == true)
        #expect(log.filter { $0.direction == .outbound }.count == 1, "one reply, to the enquiry")
        let sent = try server.received()
        #expect(sent.map(\.rcptTos) == [["zoe.mueller@plant-7.example"]], "nothing is sent to the out-of-office")
    }

    @Test(
        "an out-of-office delivered first in the same round joins the enquiry's lead, unanswered",
        arguments: StoreKind.allCases)
    func sameRound(store: StoreKind) async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url, store: store)
        // The colleague's server delivered at once; the customer's relay held the enquiry for 40 seconds.
        try Self.deliverAsPostfix(Self.outOfOffice, into: harness.inbox, seconds: 1_795_338_789, inode: 0x2c41)
        try Self.deliverAsPostfix(Self.enquiry, into: harness.inbox, seconds: 1_795_338_829, inode: 0x1a07)

        let (intake, delivery) = try await harness.service().runOnce()
        #expect(intake.created == 1)
        #expect(delivery.sent == 1)
        try await Self.expectOutOfOfficeLogged(harness, server: server)
    }

    @Test(
        "an out-of-office recorded in one round joins the lead of the enquiry recorded in a later round",
        arguments: StoreKind.allCases)
    func laterRound(store: StoreKind) async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let harness = try IntakeHarness(relay: server.url, store: store)
        try Self.deliverAsPostfix(Self.outOfOffice, into: harness.inbox, seconds: 1_795_338_789, inode: 0x2c41)
        let (first, firstDelivery) = try await harness.service().runOnce()
        #expect(first.ignored == 1 && first.created == 0)
        #expect(firstDelivery.sent == 0)
        #expect(try harness.inbox.newMessages().isEmpty, "taken and filed like any message")

        // A second copy of the out-of-office (a redelivery) while the enquiry is still on its way changes nothing.
        try Self.deliverAsPostfix(Self.outOfOffice, into: harness.inbox, seconds: 1_795_338_800, inode: 0x2c55)
        _ = try await harness.service().runOnce()

        try Self.deliverAsPostfix(Self.enquiry, into: harness.inbox, seconds: 1_795_338_829, inode: 0x1a07)
        let (second, secondDelivery) = try await harness.service().runOnce()
        #expect(second.created == 1)
        #expect(secondDelivery.sent == 1)
        try await Self.expectOutOfOfficeLogged(harness, server: server)
    }
}
