import Foundation
import HTTPTypes
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@testable import Web

@Suite("Web: the managers' dashboard")
struct DashboardPageTests {
    static let hostile = "<script>alert('x')</script>&\"q\""

    /// A lead under a source and campaign a stranger chose.
    static func lead(
        _ fixture: WebFixture, _ email: String, source: String, campaign: String?, owner: String, team: String
    ) throws -> Int64 {
        let message = InboundMessage(
            messageID: "\(UUID().uuidString)@mail.example", fingerprint: Fingerprint.of([email, UUID().uuidString]),
            threadIDs: [], date: TemporaryLeadStore.now, from: email, to: "sales@acme.example", subject: "Quote",
            text: "Please quote",
            enquiry: Enquiry(
                contact: ContactDetails(name: "Buyer", email: email), subject: "Quote", text: "Please quote",
                source: source, campaign: campaign))
        let store = fixture.temporary.store
        let (outcome, _) = try store.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
        let id = try #require(outcome.lead?.id)
        var update = LeadUpdate(leadID: id, by: LeadEvent.system)
        update.owner = .init(email: owner, team: team)
        try store.apply(update, at: TemporaryLeadStore.now)
        return id
    }

    @Test("charts as SVG with a title per bar, tables, CSV links, bars linking to the list; labels escaped")
    func page() async throws {
        let fixture = try await WebFixture()
        try Self.lead(
            fixture, "a@a.example", source: "web-form", campaign: "expo-2026", owner: "anna@acme.example", team: "uk")
        try Self.lead(
            fixture, "b@b.example", source: Self.hostile, campaign: Self.hostile, owner: "ben@acme.example", team: "uk")
        try Self.lead(
            fixture, "c@c.example", source: "dach-only", campaign: nil, owner: "dieter@acme.example", team: "dach")
        try await fixture.test { client in
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let response = try await mary.get(client, "/dashboard?from=2026-12-01")
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("<svg"))
            #expect(html.contains("<title>2026-12-21 · web-form: 1 leads</title>"))
            #expect(
                html.contains(
                    "href=\"/leads?from=2026-12-21&amp;until=2026-12-28&amp;source=web-form&amp;sort=newest\""))
            #expect(html.contains("href=\"/dashboard.csv?from=2026-12-01&amp;chart=by-source\""))
            #expect(!html.contains("<script>alert"), "a source from mail is text, never markup")
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(!html.contains("dach-only"), "a uk manager counts the uk team's leads only")
            #expect(html.contains("href=\"/dashboard\" aria-current=\"page\""))

            let csv = try await mary.get(client, "/dashboard.csv?from=2026-12-01&chart=by-source")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("Week,Source,Leads\r\n"))
            #expect(text.contains("2026-12-21,web-form,1\r\n"))
            #expect(text.contains("2026-12-21,\"<script>alert('x')</script>&\"\"q\"\"\",1\r\n"))
            let unknown = try await mary.get(client, "/dashboard.csv?chart=nothing")
            #expect(unknown.status == .notFound)

            var root = try await Browser.signedIn(client, as: TestUsers.admin)
            let all = String(buffer: try await root.get(client, "/dashboard?from=2026-12-01").body)
            #expect(all.contains("dach-only"))
            let dach = String(buffer: try await root.get(client, "/dashboard?from=2026-12-01&team=dach").body)
            #expect(dach.contains("dach-only") && !dach.contains("web-form"))
        }
    }

    @Test("sales and marketing lack the dashboard right: no link, and 403 with the core's words")
    func refused() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            for user in [TestUsers.sales, TestUsers.marketing] {
                var browser = try await Browser.signedIn(client, as: user)
                let home = String(buffer: try await browser.get(client, "/").body)
                #expect(!home.contains("href=\"/dashboard\""))
                let response = try await browser.get(client, "/dashboard")
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("may not see the dashboard"))
                #expect(try await browser.get(client, "/dashboard.csv?chart=ratings").status == .forbidden)
            }
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            #expect(String(buffer: try await mary.get(client, "/").body).contains("href=\"/dashboard\""))
        }
    }

    @Test("a chart's SVG escapes every label and drops control characters")
    func svgEscapes() {
        let chart = SVGChart(
            title: "t<i>",
            bars: [
                .init(label: "a\u{1}<b>&\"c'", segments: [.init(value: 2, title: "<b>", href: "/x?a=1&b=2", series: 0)])
            ]
        ).svg
        #expect(!chart.contains("<b>") && !chart.contains("<i>") && !chart.contains("\u{1}"))
        #expect(chart.contains("a &lt;b&gt;&amp;&quot;c&#39;"))
        #expect(chart.contains("<title>t&lt;i&gt;</title>") && chart.contains("href=\"/x?a=1&amp;b=2\""))
    }
}
