import Foundation
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@Suite("Possible duplicates: the same address, the same phone, or the same name at the same company")
struct DuplicateRulesTests {
    /// An enquiry recorded as an import records it: the details as given, no phone in E.164.
    func record(
        _ fixture: DeskFixture, name: String, email: String, phone: String? = nil, company: String? = nil,
        text: String
    ) throws -> Int64 {
        let message = InboundMessage(
            messageID: nil, fingerprint: Fingerprint.of([email, text]), threadIDs: [], date: TemporaryLeadStore.now,
            from: "\(name) <\(email)>", to: "import", subject: "Imported", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: name, email: email, phone: phone, company: company), subject: "Imported",
                text: text, isFormSubmission: true, source: "import"))
        let (outcome, _) = try fixture.store.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
        return try #require(outcome.lead).id
    }

    @Test("pairs by address (a closed lead and a new one), by phone in any notation, by name and company")
    func obviousPairs() async throws {
        let fixture = try DeskFixture()
        let admin = DeskFixture.admin
        let converted = try record(
            fixture, name: "Jane Okafor", email: "jane@brightwater.example", company: "Brightwater Utilities",
            text: "We need 60 level sensors.")
        _ = try await fixture.desk.changeStatus(
            converted, to: StatusChange(status: .converted, value: 5000), by: admin)
        let again = try record(
            fixture, name: "Jane Okafor", email: "Jane@Brightwater.example", company: "Brightwater Utilities",
            text: "A second site needs flow meters.")
        let byPhone = try record(
            fixture, name: "Li Wei", email: "li@harbour.example", phone: "+44 161 496 0753", text: "Pressure gauges?")
        let samePhone = try record(
            fixture, name: "Wei Li", email: "purchasing@harbour-group.example", phone: "0044 (0)161 496-0753",
            text: "Quote for gauges, please.")
        let omar = try record(
            fixture, name: "Omar Haddad", email: "omar.haddad@gmail.example", company: "Saltmarsh Foods",
            text: "Thermometers for a cold store.")
        let omarAgain = try record(
            fixture, name: "omar  haddad", email: "o.haddad@outlook.example", company: "SALTMARSH FOODS",
            text: "Following up on thermometers.")
        _ = try record(
            fixture, name: "Sara Haddad", email: "sara@outlook.example", company: "Saltmarsh Foods",
            text: "Another person at the same company.")

        let pairs = try await fixture.desk.possibleDuplicates(by: admin)
        let found = Set(pairs.map { [$0.first.id, $0.second.id] })
        #expect(found == [[converted, again], [byPhone, samePhone], [omar, omarAgain]], "\(pairs.map(\.reason))")
        #expect(pairs.first { $0.second.id == samePhone }?.reason.contains("+441614960753") == true)
    }
}
