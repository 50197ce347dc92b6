import Foundation
import HummingbirdTesting
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// The timeline names the files that came with each message; a stranger chose those names, so they are text.
@Suite("Web: attachment names in the timeline")
struct AttachmentNamesTests {
    @Test("names, types and sizes show on the lead page, hostile names as inert text")
    func shown() async throws {
        let fixture = try await WebFixture()
        let text = "Drawings attached."
        var message = InboundMessage(
            messageID: "files@mail.example", fingerprint: Fingerprint.of(["files"]), threadIDs: [],
            date: TemporaryLeadStore.now, from: "jane@brightwater.example", to: "sales@acme.example",
            subject: "Drawings", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: "Jane Okafor", email: "jane@brightwater.example"), subject: "Drawings",
                text: text, source: "web-form"))
        message.attachments = [
            .init(name: "tank-drawing.pdf", size: 250_880, contentType: "application/pdf"),
            .init(name: #""><img src=x onerror=alert(1)>.png"#, size: 12, contentType: "image/png"),
            .init(name: "../../etc/passwd\r\nX-Injected: yes", size: 3, contentType: "text/plain\"><script>"),
            .init(name: nil, size: 2048, contentType: "message/rfc822"),
        ]
        let (outcome, _) = try fixture.temporary.store.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
        let id = try #require(outcome.lead?.id)
        var update = LeadUpdate(leadID: id, by: LeadEvent.system)
        update.owner = .init(email: "anna@acme.example", team: "uk")
        try fixture.temporary.store.apply(update, at: TemporaryLeadStore.now)
        try await fixture.test { client in
            var browser = try await Browser.signedIn(client, as: TestUsers.sales)
            for path in ["/leads/\(id)", "/leads/\(id)?order=newest"] {
                let response = try await browser.get(client, path)
                #expect(response.status == .ok)
                HostileMailTests.expectInert(String(buffer: response.body), path)
            }
            let page = String(buffer: try await browser.get(client, "/leads/\(id)").body)
            #expect(
                page.contains(
                    #"<span class="file-name">tank-drawing.pdf</span> <span class="muted">application/pdf, 245 KB</span>"#
                ))
            #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.png"))
            // Only the last part of a path; CR/LF a space: no second line, no folder names.
            #expect(page.contains(#"<span class="file-name">passwd  X-Injected: yes</span>"#))
            #expect(!page.contains("etc/passwd"))
            #expect(page.contains("text/plain, 3 B"), "a type is letters, digits and /.+-_ only")
            #expect(
                page.contains(
                    #"<span class="file-name">(no name)</span> <span class="muted">message/rfc822, 2.0 KB</span>"#))
        }
    }
}
