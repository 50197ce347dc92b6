import Foundation
import HummingbirdTesting
import LeadDesk
import Leads
import TestSupport
import Testing

/// Merging a suggested duplicate from the lead page: the core's duplicate rules within the user's scope, one
/// form per suggestion, the merge right checked by the core.
@Suite("Web: merge with a suggested duplicate")
struct MergeFromLeadPageTests {
    @Test("a manager sees the suggestion and merges it into the lead; its messages move, it is gone")
    func merge() async throws {
        let fixture = try await WebFixture()
        let keep = try fixture.lead("jo@northbrew.example", owner: "anna@acme.example", name: "Jo Brewer")
        let twin = try fixture.lead("jo.brewer@northbrew.example", owner: "ben@acme.example", name: "Jo Brewer")
        let far = try fixture.lead("jo@brauerei.example", owner: "dieter@acme.example", team: "dach", name: "Jo Brewer")
        try await fixture.test { client in
            var mary = try await Browser.signedIn(client, as: TestUsers.manager)
            let page = String(buffer: try await mary.get(client, "/leads/\(keep)").body)
            #expect(page.contains("href=\"/leads/\(keep)/duplicates\""))
            let list = String(buffer: try await mary.get(client, "/leads/\(keep)/duplicates").body)
            #expect(list.contains("L\(twin) Jo Brewer") && list.contains("name=\"other\" value=\"\(twin)\""))
            #expect(!list.contains("L\(far) "), "a duplicate outside the manager's scope is not offered")
            let merged = try await mary.post(client, "/leads/\(keep)/merge", [("other", String(twin))])
            #expect(merged.status == .seeOther)
            #expect(merged.headers[.location] == "/leads/\(keep)")
            #expect(try await mary.get(client, "/leads/\(twin)").status == .notFound)
        }
        let kept = try await fixture.desk.lead(keep, by: TestUsers.admin)
        #expect(kept.communications.filter { $0.direction == .inbound }.count == 2)
        #expect(try await fixture.desk.lead(far, by: TestUsers.admin).lead.id == far)
    }

    @Test("sales has no merge right: no link, the page and the merge are refused, nothing changes")
    func refused() async throws {
        let fixture = try await WebFixture()
        let keep = try fixture.lead("jo@northbrew.example", owner: "anna@acme.example", name: "Jo Brewer")
        let twin = try fixture.lead("jo.brewer@northbrew.example", owner: "anna@acme.example", name: "Jo Brewer")
        try await fixture.test { client in
            var anna = try await Browser.signedIn(client, as: TestUsers.sales)
            let page = String(buffer: try await anna.get(client, "/leads/\(keep)").body)
            #expect(!page.contains("/duplicates"))
            #expect(try await anna.get(client, "/leads/\(keep)/duplicates").status == .forbidden)
            let merge = try await anna.post(client, "/leads/\(keep)/merge", [("other", String(twin))])
            #expect(merge.status == .forbidden)
            var root = try await Browser.signedIn(client, as: TestUsers.admin)
            let forged = try await root.post(client, "/leads/\(keep)/merge", [("other", String(twin))], csrf: "x")
            #expect(forged.status == .forbidden)
            let itself = try await root.post(client, "/leads/\(keep)/merge", [("other", String(keep))])
            #expect(itself.status == .badRequest)
        }
        #expect(try await fixture.desk.lead(twin, by: TestUsers.admin).lead.id == twin)
    }
}
