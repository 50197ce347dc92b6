import Foundation
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@Suite("LeadDesk: web sessions and the pipeline")
struct SessionsAndPipelineTests {
    func fixtureWithUsers() async throws -> DeskFixture {
        let fixture = try DeskFixture()
        let founder = User.implicitAdministrator(login: "setup")
        for role in [Role.admin, .manager, .sales, .marketing] {
            let user = DeskFixture.user(role)
            _ = try await fixture.desk.addUser(
                email: user.email, name: user.name, role: role, team: user.team, password: "correct horse battery",
                by: founder)
        }
        return fixture
    }

    @Test("a session opens with the password, proves itself by its token, and ends at sign-out")
    func signInAndOut() async throws {
        let fixture = try await fixtureWithUsers()
        let desk = fixture.desk
        let (token, session) = try await desk.signIn(
            email: "ANNA@acme.example", password: "correct horse battery", client: "192.0.2.7")
        #expect(session.user.email == "anna@acme.example")
        #expect(session.expiresAt == TemporaryLeadStore.now.addingTimeInterval(LeadDesk.sessionLifetime))
        #expect(try await desk.session(token: token)?.id == session.id)
        let selector = String(token.split(separator: ".")[0])
        #expect(try await desk.session(token: selector + "." + LeadDesk.randomToken(bytes: 32)) == nil)
        try await desk.signOut(token: token)
        #expect(try await desk.session(token: token) == nil)
        await #expect(throws: AccountError.badPassword) {
            try await desk.signIn(email: "anna@acme.example", password: "wrong password", client: "192.0.2.7")
        }
    }

    @Test("signing out everywhere ends every session of that user only")
    func everywhere() async throws {
        let fixture = try await fixtureWithUsers()
        let desk = fixture.desk
        let password = "correct horse battery"
        let (a, anna) = try await desk.signIn(email: "anna@acme.example", password: password, client: "x")
        let (b, _) = try await desk.signIn(email: "anna@acme.example", password: password, client: "y")
        let (m, _) = try await desk.signIn(email: "mary@acme.example", password: password, client: "z")
        #expect(try await desk.signOutEverywhere(by: anna.user) == 2)
        #expect(try await desk.session(token: a) == nil)
        #expect(try await desk.session(token: b) == nil)
        #expect(try await desk.session(token: m) != nil)
    }

    @Test("a session expires after its lifetime")
    func expiry() async throws {
        let later = TemporaryLeadStore.now.addingTimeInterval(LeadDesk.sessionLifetime + 1)
        let fixture = try await fixtureWithUsers()
        let (token, _) = try await fixture.desk.signIn(
            email: "anna@acme.example", password: "correct horse battery", client: "x")
        let tomorrow = LeadDesk(
            records: fixture.desk.records, workflow: fixture.desk.workflow, clock: { later }, passwordCost: 4)
        #expect(try await tomorrow.session(token: token) == nil)
    }

    @Test("the pipeline counts and sums per status over the leads in the user's scope")
    func pipeline() async throws {
        let fixture = try DeskFixture()
        let own = try fixture.lead("a@brewery.example", owner: "anna@acme.example", team: "uk")
        let bens = try fixture.lead("b@brewery.example", owner: "ben@acme.example", team: "uk")
        _ = try fixture.lead("c@brewery.example", owner: "dieter@acme.example", team: "dach")
        let admin = DeskFixture.admin
        _ = try await fixture.desk.changeStatus(own, to: StatusChange(status: .converted, value: 1200), by: admin)
        _ = try await fixture.desk.changeStatus(bens, to: StatusChange(status: .converted, value: 800), by: admin)
        let anna = try await fixture.desk.pipeline(by: DeskFixture.sales)
        #expect(anna.map(\.status) == LeadStatus.allCases)
        let annaConverted = try #require(anna.first { $0.status == .converted })
        #expect(annaConverted.count == 1 && annaConverted.value == 1200)
        #expect(anna.first { $0.status == .new }?.count == 0)
        let root = try await fixture.desk.pipeline(cards: 1, by: DeskFixture.admin)
        let converted = try #require(root.first { $0.status == .converted })
        #expect(converted.count == 2 && converted.value == 2000 && converted.cards.count == 1)
        #expect(root.first { $0.status == .new }?.count == 1)
    }
}
