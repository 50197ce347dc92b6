import Foundation
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

/// The scope of a list is part of the store's query (`LeadSearch.reach`), so a page reads only that page: it must
/// pick exactly the leads `PermissionPolicy.reaches` allows, for every kind of owner, team and user.
@Suite("LeadDesk: the scope filtered in the store's query")
struct ScopeInQueryTests {
    static let owners: [String?] = [
        nil, "anna@acme.example", "ben@acme.example", "dieter@acme.example", "zoe@partner.example",
    ]
    static let teams: [String?] = [nil, "uk", "dach", "nordics"]
    static let users: [User] = [
        TestUsers.admin, TestUsers.manager, TestUsers.sales, TestUsers.marketing,
        User(id: 9, email: "Dieter@Acme.example", name: "Dieter Ernst", role: .sales, team: "dach"),
        User(id: 10, email: "nina@acme.example", name: "Nina Solo", role: .manager),
        User(id: 11, email: "sam@acme.example", name: "Sam Solo", role: .sales),
    ]

    @Test("the store's reach matches the policy's rule for every owner × team × user")
    func reachMatchesPolicy() async throws {
        let fixture = try DeskFixture()
        var ownership: [Int64: LeadOwnership] = [:]
        let assigner = LeadAssigner(rules: [], teams: TestUsers.teams)
        for (index, owner) in Self.owners.enumerated() {
            // An unassigned lead is recorded without a team here (a team comes with an owner).
            for team in owner == nil ? [nil] : Self.teams {
                let id = try fixture.lead("buyer\(index)-\(team ?? "none")@customer.example", owner: owner, team: team)
                ownership[id] = LeadOwnership(
                    number: "L\(id)", owner: owner, team: team,
                    ownerTeam: owner.flatMap { assigner.team(of: $0)?.name })
            }
        }
        let policy = PermissionPolicy()
        for user in Self.users {
            let expected = Set(ownership.filter { policy.reaches(user, $0.value) }.keys)
            let listed = Set(try await fixture.desk.leads(LeadSearch(), by: user).map(\.lead.id))
            #expect(listed == expected, "\(user.email) (\(user.role), team \(user.team ?? "none"))")
            // The store alone, given the reach: no filtering after the query.
            var scoped = LeadSearch()
            scoped.reach = policy.reach(of: user) { team in
                TestUsers.teams.first { $0.name == team }?.members.map(\.email) ?? []
            }
            #expect(Set(try fixture.store.search(scoped).map(\.lead.id)) == expected, "\(user.email) in the store")
            let tally = try await fixture.desk.tally(LeadSearch(), by: user)
            #expect(tally.count == expected.count)
        }
        // The query really is scoped: a sales user's search of one returns one of theirs, not the first lead.
        let one = try await fixture.desk.leads(LeadSearch(order: .newest, limit: 1), by: TestUsers.sales)
        #expect(one.count == 1 && policy.reaches(TestUsers.sales, ownership[one[0].lead.id]!))
    }

    @Test("pages by offset are consecutive slices of one order, none repeated, none skipped")
    func paging() async throws {
        let fixture = try DeskFixture()
        var mine: Set<Int64> = []
        for index in 0..<23 {
            mine.insert(try fixture.lead("own\(index)@customer.example", owner: "anna@acme.example", team: "uk"))
            _ = try fixture.lead("other\(index)@customer.example", owner: "dieter@acme.example", team: "dach")
        }
        var seen: [Int64] = []
        for page in 0..<4 {
            var search = LeadSearch(order: .newest, limit: 10)
            search.offset = page * 10
            seen += try await fixture.desk.leads(search, by: TestUsers.sales).map(\.lead.id)
        }
        #expect(seen.count == 23 && Set(seen) == mine)
        let whole = try await fixture.desk.leads(LeadSearch(order: .newest), by: TestUsers.sales).map(\.lead.id)
        #expect(seen == whole)
    }
}
