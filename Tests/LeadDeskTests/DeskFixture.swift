import Foundation
import LeadDesk
import LeadStore
import Leads
import MIME
import TestSupport

/// A LeadDesk over a temporary store (TestSupport), with the test users' two teams.
struct DeskFixture {
    let temporary: TemporaryLeadStore
    let desk: LeadDesk
    var store: SQLiteLeadStore { temporary.store }

    static let admin = TestUsers.admin
    static let manager = TestUsers.manager
    static let sales = TestUsers.sales
    static let marketing = TestUsers.marketing

    static func user(_ role: Role) -> User { TestUsers.user(role) }

    init(permissions: PermissionPolicy = PermissionPolicy(), kind: StoreKind = .sqlite) throws {
        temporary = try TemporaryLeadStore(kind)
        let workflow = LeadWorkflow(
            settings: LifecycleSettings(teams: TestUsers.teams),
            policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), store: temporary.store)
        desk = LeadDesk(
            records: temporary.records, workflow: workflow, permissions: permissions,
            letters: LetterSettings(
                sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), company: "Acme Sensors"),
            clock: { TemporaryLeadStore.now }, passwordCost: 4)
    }

    /// A lead from a customer's enquiry, owned by `owner` in `team` (nil: unassigned).
    func lead(_ email: String, owner: String?, team: String?) throws -> Int64 {
        try temporary.capture(email, owner: owner, team: team)
    }
}
