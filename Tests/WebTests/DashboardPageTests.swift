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

    @Test("clicks per campaign as a chart with its CSV; the bars of a team's dashboard open the team's leads")
    func clicksAndTeamLinks() async throws {
        let fixture = try await WebFixture()
        let uk = try Self.lead(
            fixture, "a@a.example", source: "web-form", campaign: "expo-2026", owner: "anna@acme.example", team: "uk")
        let dach = try Self.lead(
            fixture, "c@c.example", source: "web-form", campaign: "expo-2026", owner: "dieter@acme.example",
            team: "dach")
        let store = fixture.temporary.store
        let token = String(repeating: "ef", count: 16)
        var mail = OutgoingMail(
            messageID: "<prices@acme.example>", envelopeFrom: "sales@acme.example", recipients: ["a@a.example"],
            from: "sales@acme.example", to: "a@a.example", subject: "Prices", text: "link", raw: Array("x".utf8))
        mail.trackedLinks = [TrackedLink(token: token, url: "https://acme.example/prices.pdf", label: "prices")]
        _ = try store.queue(mail, leadID: uk, at: TemporaryLeadStore.now)
        _ = try store.recordClick(token: token, at: TemporaryLeadStore.now + 60)
        _ = try store.recordClick(token: token, at: TemporaryLeadStore.now + 120)
        try await fixture.test { client in
            var root = try await Browser.signedIn(client, as: TestUsers.admin)
            let html = String(buffer: try await root.get(client, "/dashboard?from=2026-12-01&team=uk").body)
            #expect(html.contains("id=\"chart-clicks\""))
            #expect(html.contains("<title>expo-2026: 2 clicks by 1 leads</title>"))
            let csv = String(
                buffer: try await root.get(client, "/dashboard.csv?from=2026-12-01&team=uk&chart=clicks").body)
            #expect(csv == "Campaign,Clicks,Leads who clicked\r\nexpo-2026,2,1\r\n")
            let none = String(
                buffer: try await root.get(client, "/dashboard.csv?from=2026-12-01&team=dach&chart=clicks").body)
            #expect(none == "Campaign,Clicks,Leads who clicked\r\n", "dach's lead clicked nothing")

            // The week's bar of web-form: the list it opens keeps the team.
            let link = "/leads?team=uk&amp;from=2026-12-21&amp;until=2026-12-28&amp;source=web-form&amp;sort=newest"
            #expect(html.contains("href=\"\(link)\""), "\(html)")
            let list = String(
                buffer: try await root.get(client, link.replacingOccurrences(of: "&amp;", with: "&")).body)
            #expect(list.contains("/leads/\(uk)\"") && !list.contains("/leads/\(dach)\""))
            #expect(list.contains("name=\"team\" value=\"uk\""), "the list's filters show the team")
            let dachList = String(buffer: try await root.get(client, "/leads?team=dach").body)
            #expect(dachList.contains("/leads/\(dach)\"") && !dachList.contains("/leads/\(uk)\""))
            let hostile = String(buffer: try await root.get(client, "/leads?team=%3Cscript%3E").body)
            #expect(!hostile.contains("<script>") && !hostile.contains("/leads/\(uk)\""))

            // A manager's team filter stays within their scope: uk's manager asking for dach sees nothing of it.
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let outside = String(buffer: try await mary.get(client, "/leads?team=dach").body)
            #expect(!outside.contains("/leads/\(dach)\""))
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
