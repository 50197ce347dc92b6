import Foundation
import Leads
import Testing

@Suite("Assignment rules, territories and team strategies")
struct AssignmentTests {
    let uk = SalesTeam(
        name: "uk",
        members: [
            SalesPerson(name: "Anna Baker", email: "anna@acme.example"),
            SalesPerson(name: "Ben Carter", email: "Ben@Acme.example"),
        ], manager: "boss@acme.example")
    let export = SalesTeam(
        name: "export",
        members: [
            SalesPerson(name: "Dora Diaz", email: "dora@acme.example"),
            SalesPerson(name: "Emil Falk", email: "emil@acme.example"),
        ], strategy: .leastLoaded)

    var assigner: LeadAssigner {
        LeadAssigner(
            rules: [
                AssignmentRule(minScore: 80, person: "boss@acme.example"),
                AssignmentRule(countries: ["de", "AT"], team: "export"),
                AssignmentRule(sources: ["trade-show"], team: "export"),
                AssignmentRule(team: "uk"),
            ], teams: [uk, export])
    }

    @Test(
        "the country comes from a form field, then the phone prefix, then the ccTLD",
        arguments: [
            ([FormField(name: "Country", value: "Germany")], "+44 20 7946 0321", "a@b.example", "DE"),
            ([], "+49 30 1234567", "a@b.example", "DE"),
            ([], "0043 1 234 5678", "a@b.example", "AT"),
            ([], "+353 1 555 0101", "a@b.example", "IE"),
            ([], "020 7946 0321", "anna@firma.de", "DE"),
            ([], nil, "anna@firm.co.uk", "GB"),
        ] as [([FormField], String?, String, String)])
    func territory(fields: [FormField], phone: String?, email: String, expected: String) {
        #expect(Territory.country(fields: fields, phone: phone, email: email) == expected)
    }

    @Test("nothing tells the country of a national number on a .com address")
    func noTerritory() {
        #expect(Territory.country(fields: [], phone: "0161 496 0753", email: "jane@brightwater.com") == nil)
    }

    @Test("the first matching rule wins: score band, then territory, then source, then the catch-all")
    func firstMatch() {
        let high = assigner.choose(AssignmentFacts(country: "DE", source: "email", campaign: nil, score: 90))
        #expect(high?.owner.email == "boss@acme.example")
        let german = assigner.choose(AssignmentFacts(country: "DE", source: "email", campaign: nil, score: 10))
        #expect(german?.team?.name == "export")
        let show = assigner.choose(AssignmentFacts(country: "GB", source: "trade-show", campaign: nil, score: 10))
        #expect(show?.team?.name == "export")
        let rest = assigner.choose(AssignmentFacts(country: nil, source: "email", campaign: nil, score: 10))
        #expect(rest?.team?.name == "uk")
        #expect(rest?.reason.hasPrefix("assignment rule 4") == true)
    }

    @Test("round-robin takes turns, and skips the person a lead is taken from")
    func roundRobin() {
        let facts = AssignmentFacts(country: "GB", source: "email", campaign: nil, score: 0)
        let owners = (0..<4).map { turn in assigner.choose(facts) { _ in turn }?.owner.email }
        #expect(owners == ["anna@acme.example", "ben@acme.example", "anna@acme.example", "ben@acme.example"])
        let passedOn = assigner.choose(facts, excluding: ["anna@acme.example"]) { _ in 0 }
        #expect(passedOn?.owner.email == "ben@acme.example")
    }

    @Test("least-loaded picks the member with the fewest open leads")
    func leastLoaded() {
        let facts = AssignmentFacts(country: "DE", source: "email", campaign: nil, score: 0)
        let choice = assigner.choose(facts, load: ["dora@acme.example": 5, "emil@acme.example": 2])
        #expect(choice?.owner.email == "emil@acme.example")
        #expect(choice?.reason.contains("least-loaded (2 open)") == true)
    }

    @Test("with everyone excluded, the next rule that has someone takes the lead")
    func fallsThrough() {
        let facts = AssignmentFacts(country: "DE", source: "email", campaign: nil, score: 0)
        let choice = assigner.choose(facts, excluding: ["dora@acme.example", "emil@acme.example"])
        #expect(choice?.team?.name == "uk")
    }

    @Test("a person is found by address, name or login")
    func people() {
        #expect(assigner.person(named: "BEN@acme.example")?.name == "Ben Carter")
        #expect(assigner.person(named: "Dora Diaz")?.email == "dora@acme.example")
        #expect(assigner.person(named: "emil")?.email == "emil@acme.example")
        #expect(assigner.person(named: "zoe") == nil)
    }
}
