import Foundation
import LeadDesk
import Leads
import MIME
import Templates
import Testing

@testable import Intake

/// `tracking: true` in leadmail.yml: off by default, needs the workspace's address, and then the automatic
/// reply's links (text and HTML) go through `/t/TOKEN` with the links carried to the store with the mail.
@Suite("Configuration and replies: link tracking")
struct LinkTrackingSettingTests {
    func parse(_ extra: String) throws(ConfigurationError) -> LeadMailConfiguration {
        try ConfigurationLoader(environment: [:])
            .parse(yaml: WebSettingTests.base + extra, file: "leadmail.yml", baseDirectory: "/srv")
    }

    @Test("off by default; on with web.baseURL and its points; refused without a web key")
    func settings() throws {
        #expect(try parse("").tracker == nil)
        #expect(try parse("tracking: false\n").tracker == nil)
        let on = try parse("tracking: true\ntrackingPoints: 5\nweb: {baseURL: \"https://leads.acme.example/\"}\n")
        #expect(on.tracker == LinkTracker(baseURL: "https://leads.acme.example", points: 5))
        #expect(throws: ConfigurationError.self) { try parse("tracking: true\n") }
    }

    @Test("a reply's links are tracked in both parts when on, and left as written when off")
    func reply() throws {
        let lead = Lead(
            id: 7, contactID: 1, name: "Jo", email: "jo@brewery.example", phone: nil, company: nil,
            source: "web-form", campaign: nil, status: .new, subject: "Sensors", enquiry: "60 sensors",
            createdAt: Date(), updatedAt: Date())
        let rendered = RenderedReply(
            templateName: "web-form", subject: "Thanks", text: "Prices: https://acme.example/prices.pdf",
            html: #"<p><a href="https://acme.example/prices.pdf">our price list</a></p>"#)
        let sender = MailAddress(name: "Acme Sales", address: "sales@acme.example")
        var composer = ReplyComposer(sender: sender, company: CompanyDetails(name: "Acme"))
        let plain = composer.reply(rendered, lead: lead, thread: ReplyThread(date: nil, messageID: nil), now: Date())
        #expect(plain.trackedLinks.isEmpty)
        #expect(plain.text.contains("https://acme.example/prices.pdf"))
        composer.tracker = LinkTracker(baseURL: "https://leads.acme.example")
        let tracked = composer.reply(rendered, lead: lead, thread: ReplyThread(date: nil, messageID: nil), now: Date())
        let link = try #require(tracked.trackedLinks.first)
        #expect(tracked.trackedLinks.count == 1)
        #expect(link.url == "https://acme.example/prices.pdf" && link.label == "our price list")
        #expect(tracked.text == "Prices: https://leads.acme.example/t/\(link.token)")
        let raw = String(decoding: tracked.raw, as: UTF8.self)
        #expect(raw.contains("leads.acme.example/t/\(link.token)"))
        #expect(!raw.contains("acme.example/prices.pdf"))
    }
}
