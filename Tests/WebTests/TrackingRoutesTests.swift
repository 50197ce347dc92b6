import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// Link tracking: links of letters go through `/t/TOKEN`, a click (no session needed) is logged on the lead and
/// redirected only to the stored address; the first click on a link adds its points; clicks count per campaign.
@Suite("Web: tracked links")
struct TrackingRoutesTests {
    @Test("a click is logged, scores once, and goes only to the stored address")
    func click() async throws {
        let fixture = try await MarketingFixture()
        let lead = try fixture.base.lead("jo@brewery.example", owner: "anna@acme.example", team: "uk")
        let letter = Letter(
            subject: "Prices",
            text: "Our price list: https://acme.example/prices.pdf?a=1&b=2. Write to sales@acme.example.")
        let queued = try await fixture.desk.write(letter, to: lead, by: TestUsers.sales)
        let link = try #require(queued.mail.trackedLinks.first)
        #expect(queued.mail.trackedLinks.count == 1)
        #expect(link.url == "https://acme.example/prices.pdf?a=1&b=2")
        #expect(link.token.count == 32)
        #expect(queued.mail.text.contains("http://127.0.0.1:8080/t/\(link.token)."), "\(queued.mail.text)")
        #expect(!queued.mail.text.contains("acme.example/prices.pdf"))
        let before = try await fixture.desk.lead(lead, by: TestUsers.admin).lifecycle.score
        try await fixture.test { client in
            var stranger = Browser()
            let first = try await stranger.get(client, "/t/\(link.token)?url=https://evil.example/")
            #expect(first.status == .found)
            #expect(first.headers[.location] == "https://acme.example/prices.pdf?a=1&b=2")
            let second = try await stranger.get(client, "/t/\(link.token)")
            #expect(second.headers[.location] == link.url)
            for unknown in [String(repeating: "0", count: 32), "../../admin", "x%0d%0aSet-Cookie:%20a=b"] {
                let response = try await stranger.get(client, "/t/\(unknown)")
                #expect(response.status == .notFound, "\(unknown)")
                #expect(response.headers[.location] == nil)
            }
        }
        let detail = try await fixture.desk.lead(lead, by: TestUsers.admin)
        let opened = detail.events.filter { $0.text == "opened https://acme.example/prices.pdf?a=1&b=2" }
        #expect(opened.count == 2, "\(detail.events.map(\.text))")
        #expect(opened.allSatisfy { $0.by == LeadEvent.system })
        #expect(detail.lifecycle.score == before + 5, "only the first click scores")
        let clicks = try await fixture.desk.clicksByCampaign(by: TestUsers.manager)
        #expect(clicks == [CampaignClicks(campaign: "expo-2026", clicks: 2, leads: 1)])
        await #expect(throws: PermissionDenied.self) {
            _ = try await fixture.desk.clicksByCampaign(by: TestUsers.sales)
        }
    }

    @Test("HTML links take their text as the label; the workspace's own links and mailto stay as written")
    func rewriting() {
        let tracker = LinkTracker(baseURL: "https://leads.acme.example")
        let (text, html, links) = tracker.track(
            text: "See https://acme.example/p (price list), https://leads.acme.example/x and mailto:a@b.example",
            html:
                #"<p><a class="b" href="https://acme.example/p">the <b>price</b> list</a> <a href="mailto:a@b.example">mail</a></p>"#
        )
        #expect(links.count == 1, "one address, one token in both parts")
        #expect(links.first?.label == "the price list")
        let token = links.first?.token ?? ""
        #expect(
            text
                == "See https://leads.acme.example/t/\(token) (price list), https://leads.acme.example/x and mailto:a@b.example"
        )
        #expect(
            html == #"<p><a class="b" href="https://leads.acme.example/t/"# + token
                + #"">the <b>price</b> list</a> <a href="mailto:a@b.example">mail</a></p>"#)
    }
}
