import Foundation
import Testing

@testable import Leads

@Suite("Who may be answered (RFC 3834)")
struct ReplyPolicyTests {
    let policy = ReplyPolicy(ourAddresses: ["sales@acme.example", "noreply@acme.example"])

    @Test("a person's mail is answerable")
    func person() {
        let mail = message([("From", "Jane <jane@brightwater.example>"), ("To", "sales@acme.example")])
        #expect(policy.verdict(for: mail, replyAddress: "jane@brightwater.example") == .answerable)
    }

    @Test(
        "auto-generated mail is not",
        arguments: [
            [("Auto-Submitted", "auto-replied")],
            [("Precedence", "bulk")],
            [("Precedence", "Junk")],
            [("List-Id", "<news.vendor.example>")],
            [("X-Autoreply", "yes")],
            [("Return-Path", "<>")],
            [("X-Auto-Response-Suppress", "All")],
        ])
    func automated(headers: [(String, String)]) {
        let mail = message([("From", "Jane <jane@brightwater.example>")] + headers)
        #expect(!policy.verdict(for: mail, replyAddress: "jane@brightwater.example").isAnswerable)
    }

    @Test(
        "a message quoting one of our automatic replies' Message-IDs is not answered, a stranger's id is",
        arguments: [
            ("<20261123180102.3f9a1c2b7d4e@acme.example>", false),
            ("<CAF=x8Zk1Q9w+Lr2@mail.gmail.com>", true),
            ("<20261123180102.3f9a1c2b7d4e@elsewhere.example>", true),
        ])
    func ourMessageIDInReferences(reference: String, answerable: Bool) {
        var mail = message([("From", "Jane <jane@brightwater.example>"), ("References", reference)])
        mail.references = [reference.trimmingCharacters(in: .init(charactersIn: "<>"))]
        #expect(policy.verdict(for: mail, replyAddress: "jane@brightwater.example").isAnswerable == answerable)
    }

    @Test(
        "mail the inbox's spam filter marked is not answered; its clean verdicts are",
        arguments: [
            ([("X-Spam-Flag", "YES")], false),
            ([("X-Spam-Status", "Yes, score=12.3 required=5.0 tests=BAYES_99,URIBL_BLACK")], false),
            ([("X-Spam", "Yes")], false),
            ([("X-Barracuda-Spam-Status", "Yes, SCORE=9.1 using global scores of TAG_LEVEL=3.5")], false),
            ([("X-Forefront-Antispam-Report", "CIP:203.0.113.5;CTRY:;LANG:en;SCL:9;SRV:;IPV:NLI;SFV:SPM;")], false),
            ([("X-MS-Exchange-Organization-SCL", "6")], false),
            ([("X-Spam-Flag", "NO"), ("X-Spam-Status", "No, score=-1.9 required=5.0")], true),
            ([("X-Spam", "No")], true),
            ([("X-Forefront-Antispam-Report", "CIP:203.0.113.5;SCL:1;SFV:NSPM;")], true),
            ([("X-MS-Exchange-Organization-SCL", "1")], true),
        ])
    func spamFilterMarks(headers: [(String, String)], answerable: Bool) {
        let mail = message([("From", "Jane <jane@brightwater.example>")] + headers)
        let verdict = policy.verdict(for: mail, replyAddress: "jane@brightwater.example")
        #expect(verdict.isAnswerable == answerable, "\(headers): \(verdict)")
        #expect(verdict.mayStartLead == answerable)
    }

    @Test(
        "a website's own account on a staff domain sends forms for others, listed or not; a colleague still captures",
        arguments: [
            ("WordPress <wordpress@acme.example>", true), ("www-data@acme.example", true),
            ("Acme Website <web-master@acme.example>", true), ("Jamie Lloyd <jamie.lloyd@acme.example>", false),
        ])
    func websiteSender(from: String, sendsForms: Bool) throws {
        let staffPolicy = ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"])
        let extractor = EnquiryExtractor(classifier: SourceClassifier(rules: []), policy: staffPolicy)
        let text = """
            Name: Leone Doglioni
            Email: doglioni@vecoli-blasi.example
            Message: Hello, we need 38 flow meters for our new plant.

            ---

            Page URL: https://acme.example/contact/
            """
        for replyTo in [[("Reply-To", "Leone Doglioni <doglioni@vecoli-blasi.example>")], []] {
            let mail = message([("From", from), ("To", "sales@acme.example")] + replyTo, text: text)
            let enquiry = try #require(extractor.enquiry(from: mail))
            #expect(enquiry.contact.email == "doglioni@vecoli-blasi.example")
            #expect(enquiry.text == "Hello, we need 38 flow meters for our new plant.")
            let verdict = staffPolicy.verdict(for: mail, replyAddress: enquiry.contact.email)
            #expect(verdict.isAnswerable == sendsForms, "\(from): \(verdict)")
            #expect((enquiry.forwardedBy == nil) == sendsForms)
        }
    }

    @Test("Auto-Submitted: no is a person")
    func autoSubmittedNo() {
        let mail = message([("From", "jane@brightwater.example"), ("Auto-Submitted", "no")])
        #expect(policy.verdict(for: mail, replyAddress: "jane@brightwater.example").isAnswerable)
    }

    @Test(
        "robot mailboxes are not answered",
        arguments: [
            "MAILER-DAEMON@mx.example", "postmaster@example.org", "no-reply@saas.example", "do_not_reply@x.example",
            "noreply+abc@x.example", "messages-noreply@social.example", "invoice.donotreply@billing.example",
            "notifications@crm.example", "newsletter@vendor.example",
        ])
    func robots(address: String) {
        let mail = message([("From", address)])
        #expect(policy.verdict(for: mail, replyAddress: address) != .answerable)
    }

    @Test("a delivery report is not answered")
    func report() {
        let mail = message([("From", "Mail System <ops@mx.example>")], type: "multipart/report")
        #expect(policy.verdict(for: mail, replyAddress: "ops@mx.example") != .answerable)
    }

    @Test("a colleague's own message is ours; a colleague's capture starts a lead without a reply; a form is answered")
    func staff() {
        let staffPolicy = ReplyPolicy(
            ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"], formSenders: ["forms@acme.example"])
        let colleague = message([("From", "Jamie Lloyd <jamie.lloyd@acme.example>")])
        #expect(
            staffPolicy.verdict(for: colleague, replyAddress: "jamie.lloyd@acme.example")
                == .ours(address: "jamie.lloyd@acme.example"))
        let capture = staffPolicy.verdict(for: colleague, replyAddress: "priya.shah@boltonhydraulics.example")
        #expect(capture == .capturedByColleague(address: "jamie.lloyd@acme.example"))
        #expect(capture.mayStartLead && !capture.isAnswerable)
        let form = message([("From", "Acme Website <forms@acme.example>")])
        #expect(staffPolicy.verdict(for: form, replyAddress: "jane@brightwater.example") == .answerable)
    }

    @Test("our own addresses are never answered, in any case")
    func ours() {
        let mail = message([("From", "Acme <SALES@acme.example>")])
        #expect(policy.verdict(for: mail, replyAddress: "SALES@acme.example") == .ours(address: "sales@acme.example"))
    }
}
