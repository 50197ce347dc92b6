import Foundation
import LeadDesk
import LeadStore
import Leads
import Testing

@Suite("The JSON interface writes null for what is unknown, as docs/JSON.md says")
struct LeadJSONTests {
    @Test("a lead with no phone, company, owner or rating has those keys as null; phoneE164 beside phone")
    func nullsAreWritten() async throws {
        let fixture = try DeskFixture()
        let bare = try fixture.lead("info@nameless.example", owner: nil, team: nil)
        try await fixture.desk.editContact(bare, .init(phone: "", company: ""), by: DeskFixture.admin)
        let phoned = try fixture.lead("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        try await fixture.desk.editContact(phoned, .init(phone: "0161 496 0753"), by: DeskFixture.admin)
        let leads = try await fixture.desk.leads(LeadSearch(order: .newest), by: DeskFixture.admin)
        let text = try LeadJSON.prettyPrinted(leads.map { LeadJSON($0, defaultCountry: "GB") })
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let first = try #require(objects.first { $0["email"] as? String == "info@nameless.example" })
        for key in ["phone", "phoneE164", "company", "owner", "team", "rating", "rejectReason", "value", "closeDate"] {
            #expect(first.keys.contains(key), "\(key) is written")
            #expect(first[key] is NSNull, "\(key) is null")
        }
        let jane = try #require(objects.first { $0["email"] as? String == "jane@brightwater.example" })
        #expect(jane["phone"] as? String == "0161 496 0753")
        #expect(jane["phoneE164"] as? String == "+441614960753")
        #expect(jane["owner"] as? String == "anna@acme.example")
    }
}
