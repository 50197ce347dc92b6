import Foundation
import MIME
import Testing

@testable import Leads

/// Issue 21, part 1: bounces and automatic notices of every shape are never answered, and a person's mail that
/// looks like one still is. The fixtures (`Fixtures/notices/`) are written as each mail system writes its
/// notices: Exim, Postfix, qmail, Sendmail, Exchange 2003 and Microsoft 365 (English and German), Gmail, Yahoo,
/// Lotus Domino, Novell GroupWise, security gateways (Trend Micro IMSS, Symantec, Barracuda), a hosted mail
/// service, an `ndr@` address, list managers (Mailman 2 and 3, LISTSERV, Google Groups), a reservation
/// system's automatic answer, out-of-office answers without auto headers (also Outlook's in Latvian, its subject
/// folded to ASCII, and Romanian), a complaint feedback report, a
/// bounce forwarded without a word, the sender checks of challenge-response spam filters calendars'
/// answers to invitations (iCalendar REPLY), a newsletter without list headers and a help desk's acknowledgement; `people/` holds
/// the look-alikes.
@Suite("Bounces and automatic notices are recognised; look-alikes from people are answered")
struct AutomaticNoticeTests {
    static let policy = ReplyPolicy(
        ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"],
        formSenders: ["wordpress@acme.example"])
    static let extractor = EnquiryExtractor(classifier: SourceClassifier(rules: []), policy: policy)

    static func fixtures(_ folder: String) throws -> [String] {
        let url = try #require(
            Bundle.module.url(
                forResource: "notices/\(folder)", withExtension: nil,
                subdirectory: "Fixtures"))
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { url.appendingPathComponent($0).path }
    }

    /// The verdict and notice as intake works them out (`IntakePipeline.prepare`).
    static func judge(_ path: String) throws -> (verdict: ReplyPolicy.Verdict, notice: AutomaticNotice?) {
        let message = try MessageParser().parse(Array(Data(contentsOf: URL(fileURLWithPath: path))))
        let enquiry = extractor.enquiries(from: message).first
        let notice = policy.notice(in: message, formSubmission: enquiry?.isFormSubmission ?? false)
        return (policy.verdict(for: message, replyAddress: enquiry?.contact.email, notice: notice), notice)
    }

    static let expectedKinds: [String: AutomaticNotice.Kind] = [
        "postfix-delayed.eml": .delay,
        "mailman-moderation.eml": .listNotice,
        "mailman3-moderation-no-list-headers.eml": .listNotice,
        "listserv-rejected-posting.eml": .listNotice,
        "google-groups-no-permission.eml": .listNotice,
        "reservation-autoanswer.eml": .autoReply,
        "outlook-auto-reply-welsh-de.eml": .autoReply,
        "away-until-no-headers.eml": .autoReply,
        "portuguese-away-no-headers.eml": .autoReply,
        "outlook-2003-latvian-ascii-oof.eml": .autoReply,
        "outlook-romanian-auto-reply.eml": .autoReply,
        "fml-not-member.eml": .listNotice,
        "hotmail-complaint-feedback.eml": .listNotice,
        "challenge-bluebottle-style.eml": .autoReply,
        "challenge-spamarrest-style.eml": .autoReply,
        "challenge-guest-list-style.eml": .autoReply,
        "calendar-accepted-outlook.eml": .autoReply,
        "calendar-declined-google.eml": .autoReply,
        "newsletter-no-list-headers.eml": .listNotice,
        "helpdesk-ticket-acknowledgement.eml": .autoReply,
    ]

    @Test("every bounce and notice is recognised, none is answered, each of the right kind")
    func noticesAreRecognised() throws {
        let paths = try Self.fixtures("bounces")
        #expect(paths.count >= 38)
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let (verdict, notice) = try Self.judge(path)
            #expect(!verdict.isAnswerable && !verdict.mayStartLead, "\(name) would be answered: \(verdict)")
            let found = try #require(notice, "\(name) is not recognised as a notice")
            #expect(found.kind == Self.expectedKinds[name] ?? .nonDelivery, "\(name): \(found)")
        }
    }

    @Test("a person who writes about an undelivered mail, a delivery failure of goods or their absence is answered")
    func lookAlikesAreAnswered() throws {
        let paths = try Self.fixtures("people")
        #expect(paths.count >= 13)
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let (verdict, notice) = try Self.judge(path)
            #expect(notice == nil, "\(name) taken for a notice: \(notice.map(String.init(describing:)) ?? "")")
            #expect(verdict.isAnswerable, "\(name): \(verdict)")
        }
    }

    /// Real bounces the project did not write: sisimai's set-of-emails (`Fixtures/notices/sisimai/`, see its
    /// README), 629 notices gathered from about 150 mail systems and hosted services over twenty years.
    @Test("629 real bounces and notices from other projects' collection: none answered, none starts a lead")
    func collectedBouncesAreNeverAnswered() throws {
        let paths = try Self.fixtures("sisimai")
        #expect(paths.count == 629)
        var unrecognised: [String] = []
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let (verdict, notice) = try Self.judge(path)
            #expect(!verdict.isAnswerable && !verdict.mayStartLead, "\(name) would be answered: \(verdict)")
            if notice == nil { unrecognised.append("\(name): \(verdict)") }
        }
        // The rest are automatic all the same (answers with Auto-Submitted and nothing else to read, SES's
        // notifications of a delivery): not answered, but not read as a notice on a lead either.
        print("sisimai: \(paths.count - unrecognised.count) of \(paths.count) recognised as notices")
        for line in unrecognised { print("  automatic, not a notice: \(line)") }
        #expect(unrecognised.count <= 4, "fewer bounces are recognised as notices than before")
    }

    @Test("a mail system that signs with its name and no domain (From: MAILER-DAEMON) is one")
    func mailSystemWithoutDomain() throws {
        #expect(ReplyPolicy.isMailSystem(MailAddress(address: "MAILER-DAEMON")))
        #expect(ReplyPolicy.isMailSystem(MailAddress(address: "postmaster")))
        #expect(!ReplyPolicy.isMailSystem(MailAddress(address: "gwyn")))
        let bytes = Array(
            """
            From: MAILER-DAEMON
            To: sales@acme.example
            Subject: About your mail of Monday
            Date: Tue, 1 Dec 2026 06:12:40 +0000
            Message-ID: <n1.8812@relay.pontypridd-steel.example>

            We tried to pass your mail on to j.morgan@pontypridd-steel.example and gave up after three days.

            """.utf8)
        let message = try MessageParser().parse(bytes)
        let notice = try #require(Self.policy.notice(in: message))
        #expect(notice.kind == .nonDelivery)
        #expect(notice.evidence.contains("mail system"))
        #expect(!Self.policy.verdict(for: message, replyAddress: "MAILER-DAEMON", notice: notice).mayStartLead)
    }

    @Test("a complaint feedback report (RFC 5965) about our reply is a notice on that reply's lead")
    func feedbackReportIsANotice() throws {
        let bytes = Array(
            """
            From: <fbl@mailbox-provider.example>
            To: sales@acme.example
            Subject: FW: Thank you for your enquiry [#L12]
            Date: Wed, 2 Dec 2026 10:20:00 +0000
            Message-ID: <fbl.20261202.77@mailbox-provider.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="part1_13d.2e68ed54"

            --part1_13d.2e68ed54
            Content-Type: text/plain; charset="US-ASCII"

            This is an email abuse report for an email message received from IP 192.0.2.1 on Wed, 2 Dec 2026.

            --part1_13d.2e68ed54
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: SomeGenerator/1.0
            Version: 1
            Original-Mail-From: <bounces@acme.example>
            Original-Rcpt-To: <eleri.hughes@mailbox-provider.example>
            Arrival-Date: Tue, 1 Dec 2026 09:00:00 +0000

            --part1_13d.2e68ed54
            Content-Type: message/rfc822
            Content-Disposition: inline

            From: Acme Industrial Gases <sales@acme.example>
            To: eleri.hughes@mailbox-provider.example
            Subject: Thank you for your enquiry [#L12]
            Message-ID: <20261201090000.5e6f7a8b9c0d@acme.example>
            X-LeadMail-Lead: L12

            Thank you for writing to us.
            --part1_13d.2e68ed54--

            """.utf8)
        let message = try MessageParser().parse(bytes)
        let notice = try #require(Self.policy.notice(in: message))
        #expect(notice.evidence.contains("feedback report"))
        #expect(notice.kind == .listNotice)
        #expect(notice.leadIDs == [12])
        #expect(!notice.isPermanentFailure)
    }

    @Test("Amazon SES's bounce notification by email (SNS): the failed address, our mail and its lead")
    func sesBounceNotification() throws {
        let json =
            #"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","#
            + #""bouncedRecipients":[{"emailAddress":"Rhian.Evans@cardiff-metals.example","action":"failed","#
            // The notification's one line, broken where it passes mail's line length, as SNS sends it.
            + #""status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user un"# + "\n"
            + #"known"}],"timestamp":"2026-12-02T09:31:02.000Z","feedbackId":"0100018c2a"},"mail":{"#
            + #""timestamp":"2026-12-02T09:30:00.000Z","source":"sales@acme.example","messageId":"0100018c29","#
            + #""headersTruncated":false,"headers":[{"name":"From","value":"Acme <sales@acme.example>"},"#
            + #"{"name":"Message-ID","value":"<20261202093000.a1b2c3d4e5f6@acme.example>"},"#
            + #"{"name":"X-LeadMail-Lead","value":"L3"}],"commonHeaders":{"subject":"Thank you [#L3]"}}}"#
        let bytes = Array(
            """
            From: AWS Notifications <no-reply@sns.amazonaws.com>
            To: sales@acme.example
            Subject: AWS Notification Message
            Date: Wed, 2 Dec 2026 09:31:03 +0000
            Message-ID: <sns.4711@email.amazonses.com>
            Content-Type: text/plain; charset=UTF-8

            \(json)

            --
            If you wish to stop receiving notifications from this topic, please click or visit the link below.

            """.utf8)
        let message = try MessageParser().parse(bytes)
        let notice = try #require(Self.policy.notice(in: message))
        #expect(notice.kind == .nonDelivery)
        #expect(notice.failedRecipients == ["rhian.evans@cardiff-metals.example"])
        #expect(notice.returnedMessageIDs == ["20261202093000.a1b2c3d4e5f6@acme.example"])
        #expect(notice.leadIDs == [3])
        #expect(notice.diagnostic == "smtp; 550 5.1.1 user unknown")
        let transient = try MessageParser().parse(
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Permanent", with: "Transient").utf8))
        #expect(Self.policy.notice(in: transient)?.kind == .delay)
        // The same notification inside SNS's own envelope (a topic without raw message delivery).
        let escaped = json.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\"", with: "\\\"")
        let envelope = "{\n  \"Type\" : \"Notification\",\n  \"Message\" : \"\(escaped)\"\n}"
        let wrapped = try MessageParser().parse(
            Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: json, with: envelope).utf8))
        let inEnvelope = try #require(Self.policy.notice(in: wrapped))
        #expect(inEnvelope.failedRecipients == ["rhian.evans@cardiff-metals.example"])
        #expect(inEnvelope.leadIDs == [3])
    }

    @Test("the returned copy names our mail: its Message-ID, the lead, the failed address and the diagnostic")
    func returnedCopyIsRead() throws {
        let path = try #require(try Self.fixtures("bounces").first { $0.hasSuffix("postfix-dsn.eml") })
        let notice = try #require(try Self.judge(path).notice)
        #expect(notice.returnedMessageIDs.contains("20261202093000.a1b2c3d4e5f6@acme.example"))
        #expect(notice.leadIDs == [3])
        #expect(notice.failedRecipients == ["rhian.evans@cardiff-metals.example"])
        #expect(notice.diagnostic == "user unknown")

        let exim = try #require(try Self.fixtures("bounces").first { $0.hasSuffix("exim-mail-delivery-failed.eml") })
        let quoted = try #require(try Self.judge(exim).notice)
        #expect(quoted.returnedMessageIDs.contains("20261123101402.4a7f9c2e1b3d@acme.example"))
        #expect(quoted.leadIDs == [7])
        #expect(quoted.failedRecipients == ["j.morgan@pontypridd-steel.example"])
    }

    @Test("a copy of our mail inside a message is never an enquiry, whatever else it says")
    func ourCopyIsNeverAnEnquiry() throws {
        let bytes = Array(
            """
            From: Gwyn Roberts <gwyn@roberts-haulage.example>
            To: sales@acme.example
            Subject: look at this
            Date: Mon, 30 Nov 2026 09:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain

            Hello, see below.
            --b1
            Content-Type: message/rfc822

            From: Acme Industrial Gases <sales@acme.example>
            To: gwyn@roberts-haulage.example
            Subject: Thank you for your enquiry [#L40]
            Message-ID: <20261130085900.0a1b2c3d4e5f@acme.example>
            X-LeadMail-Lead: L40

            Thank you.
            --b1--
            """.utf8)
        let message = try MessageParser().parse(bytes)
        let notice = try #require(Self.policy.notice(in: message))
        #expect(notice.kind == .returnedCopy)
        #expect(notice.leadIDs == [40])
        #expect(!Self.policy.verdict(for: message, replyAddress: "gwyn@roberts-haulage.example").mayStartLead)
    }
}
