import Foundation
import LeadDesk
import LeadStore
import Leads
import Testing

/// Every action on a lead × every role × whose lead it is: allowed, or refused with a message naming what is
/// missing. The expectations are written out by hand, not derived from the policy under test.
@Suite("Permission matrix: every action, role and lead")
struct PermissionMatrixTests {
    /// Whose lead, seen from the uk team (Anna is the sales user, Mary the uk manager).
    enum Whose: String, CaseIterable, Sendable {
        case own  // Anna's
        case team  // Ben's, in uk
        case teamUnassigned  // nobody's yet, given to uk
        case other  // Dieter's, in dach

        var owner: String? {
            switch self {
            case .own: "anna@acme.example"
            case .team: "ben@acme.example"
            case .teamUnassigned: nil
            case .other: "dieter@acme.example"
            }
        }

        var team: String { self == .other ? "dach" : "uk" }
    }

    enum Action: String, CaseIterable, Sendable {
        /// In this order: `delete` comes last, when nothing more can be done to the lead.
        case view, note, call, status, remind, tag, untag, rate, task, done, assign, merge, explain, delete

        var right: Right {
            switch self {
            case .view, .explain: .view
            case .note, .call, .status, .remind, .tag, .untag, .rate, .task, .done: .edit
            case .assign: .assign
            case .merge: .merge
            case .delete: .delete
            }
        }
    }

    static let everything = Set(Action.allCases)
    static let working: Set<Action> = everything.subtracting([.merge, .delete])
    static let reading: Set<Action> = [.view, .explain]

    /// What each role may do to each kind of lead.
    static let allowed: [Role: [Whose: Set<Action>]] = [
        .admin: [.own: everything, .team: everything, .teamUnassigned: everything, .other: everything],
        .manager: [.own: everything, .team: everything, .teamUnassigned: everything, .other: []],
        .sales: [.own: working, .team: [], .teamUnassigned: working, .other: []],
        .marketing: [.own: reading, .team: reading, .teamUnassigned: reading, .other: reading],
    ]

    @Test("allowed or refused as the roles say", arguments: Role.allCases, Whose.allCases)
    func matrix(role: Role, whose: Whose) async throws {
        let fixture = try DeskFixture()
        let user = DeskFixture.user(role)
        let leadID = try fixture.lead("jane@brightwater.example", owner: whose.owner, team: whose.team)
        let twin = try fixture.lead("jane.o@brightwater.example", owner: whose.owner, team: whose.team)
        let task = try await fixture.desk.addTask(leadID, kind: .call, due: "2026-12-29", by: DeskFixture.admin)
        let expected = Self.allowed[role]?[whose] ?? []

        for action in Action.allCases {
            let eventsBefore = try fixture.store.events(leadID: leadID).count
            do {
                try await perform(action, on: leadID, twin: twin, task: task.id, by: user, fixture.desk)
                #expect(expected.contains(action), "\(role) did \(action) on a \(whose) lead")
                if action == .delete {
                    #expect(try fixture.store.lead(id: leadID) == nil, "the lead outlived its deletion")
                    #expect(try fixture.store.events(leadID: leadID).isEmpty)
                } else if action.right != .view && action != .merge {
                    let events = try fixture.store.events(leadID: leadID)
                    #expect(events.count > eventsBefore, "\(action) by \(role) left no log entry")
                    #expect(events.last?.by == user.email, "\(action) was logged as \(events.last?.by ?? "-")")
                }
            } catch let denied as PermissionDenied {
                #expect(!expected.contains(action), "\(role) was refused \(action) on a \(whose) lead: \(denied)")
                #expect(denied.right == action.right)
                #expect(denied.description.contains(user.role.rawValue))
                if case .outOfScope = denied.reason {
                    #expect(denied.description.contains("L\(leadID)"))
                } else {
                    #expect(denied.description.contains("'\(action.right.rawValue)' right"))
                }
                #expect(try fixture.store.events(leadID: leadID).count == eventsBefore, "a refusal wrote to the log")
            }
        }
    }

    private func perform(
        _ action: Action, on leadID: Int64, twin: Int64, task: Int64, by user: User, _ desk: LeadDesk
    ) async throws {
        switch action {
        case .view: _ = try await desk.lead(leadID, by: user)
        case .explain: _ = try await desk.explainScore(leadID, by: user)
        case .note: try await desk.addNote(leadID, text: "Asked for the datasheet", by: user)
        case .call: try await desk.addNote(leadID, text: "Spoke to Jane, quote by Friday", isCall: true, by: user)
        case .status: _ = try await desk.changeStatus(leadID, to: StatusChange(status: .qualified), by: user)
        case .remind: try await desk.remind(leadID, on: "2027-01-05", by: user)
        case .tag: _ = try await desk.tag(leadID, with: ["brewery", "expo"], by: user)
        case .untag: _ = try await desk.untag(leadID, ["EXPO"], by: user)
        case .rate: try await desk.rate(leadID, .b, by: user)
        case .task: _ = try await desk.addTask(leadID, kind: .meeting, due: "2026-12-30", by: user)
        case .done: _ = try await desk.completeTask(task, by: user)
        case .assign: _ = try await desk.assign(leadID, to: "anna@acme.example", by: user)
        case .merge: try await desk.merge(twin, into: leadID, by: user)
        case .delete: _ = try await desk.delete(leadID, by: user)
        }
    }

    @Test("lists and the work list show only the leads within the user's scope")
    func listsAreScoped() async throws {
        let fixture = try DeskFixture()
        var ids: [Whose: Int64] = [:]
        for whose in Whose.allCases {
            ids[whose] = try fixture.lead("\(whose.rawValue)@customer.example", owner: whose.owner, team: whose.team)
            _ = try await fixture.desk.addTask(ids[whose]!, kind: .call, due: "2026-12-24", by: DeskFixture.admin)
        }
        func listed(_ role: Role) async throws -> Set<Int64> {
            Set(try await fixture.desk.leads(LeadSearch(order: .newest), by: DeskFixture.user(role)).map(\.lead.id))
        }
        func due(_ role: Role) async throws -> Set<Int64> {
            Set(try await fixture.desk.workList(owner: nil, by: DeskFixture.user(role)).tasks.map(\.leadID))
        }
        let all = Set(ids.values)
        #expect(try await listed(.admin) == all)
        #expect(try await listed(.marketing) == all)
        #expect(try await listed(.manager) == all.subtracting([ids[.other]!]))
        #expect(try await listed(.sales) == [ids[.own]!, ids[.teamUnassigned]!])
        #expect(try await due(.sales) == [ids[.own]!, ids[.teamUnassigned]!])
        #expect(try await due(.manager) == all.subtracting([ids[.other]!]))
        let limited = try await fixture.desk.leads(LeadSearch(order: .newest, limit: 1), by: DeskFixture.sales)
        #expect(limited.count == 1)
    }

    @Test("leadmail.yml's roles change a role's scope and rights")
    func configuredPolicy() async throws {
        var policy = PermissionPolicy()
        policy.grants[.sales] = .init(scope: .team, rights: [.view, .edit])
        let fixture = try DeskFixture(permissions: policy)
        let bens = try fixture.lead("jane@brightwater.example", owner: "ben@acme.example", team: "uk")
        try await fixture.desk.addNote(bens, text: "Covering for Ben this week", by: DeskFixture.sales)
        await #expect(throws: PermissionDenied.self) {
            _ = try await fixture.desk.assign(bens, to: "anna@acme.example", by: DeskFixture.sales)
        }
    }

    @Test("a disabled user may do nothing, not even look")
    func disabledUser() async throws {
        let fixture = try DeskFixture()
        let lead = try fixture.lead("jane@brightwater.example", owner: nil, team: nil)
        var admin = DeskFixture.admin
        admin.isDisabled = true
        let error = await #expect(throws: PermissionDenied.self) { _ = try await fixture.desk.lead(lead, by: admin) }
        #expect(error?.description.contains("disabled") == true)
    }
}
