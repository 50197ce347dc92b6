import Foundation
import LeadDesk
import LeadStore
import Leads
import MIME

/// A LeadDesk over a real SQLite file in a temporary folder, with two teams and a user of each role.
///
/// uk: Anna and Ben (sales), Mary (manager); dach: Dieter (sales), Hans (manager). Leads are captured as the
/// pipeline records them and given owners as the rules would.
struct DeskFixture {
    let folder: URL
    let store: SQLiteLeadStore
    let desk: LeadDesk
    static let now = Date(timeIntervalSince1970: 1_798_099_200)  // Thursday 24 December 2026, 08:00 UTC

    static let admin = User(id: 1, email: "root@acme.example", name: "Rosa Root", role: .admin)
    static let manager = User(id: 2, email: "mary@acme.example", name: "Mary Moss", role: .manager, team: "uk")
    static let sales = User(id: 3, email: "anna@acme.example", name: "Anna Baker", role: .sales, team: "uk")
    static let marketing = User(id: 4, email: "mark@acme.example", name: "Mark Ting", role: .marketing)

    static func user(_ role: Role) -> User {
        switch role {
        case .admin: admin
        case .manager: manager
        case .sales: sales
        case .marketing: marketing
        }
    }

    static let settings = LifecycleSettings(
        teams: [
            SalesTeam(
                name: "uk",
                members: [
                    SalesPerson(name: "Anna Baker", email: "anna@acme.example"),
                    SalesPerson(name: "Ben Carter", email: "ben@acme.example"),
                ], manager: "mary@acme.example"),
            SalesTeam(
                name: "dach",
                members: [SalesPerson(name: "Dieter Ernst", email: "dieter@acme.example")],
                manager: "hans@acme.example"),
        ])

    init(permissions: PermissionPolicy = PermissionPolicy()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("leaddesk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteLeadStore(path: folder.appendingPathComponent("leads.sqlite").path)
        let workflow = LeadWorkflow(
            settings: Self.settings,
            policy: ReplyPolicy(ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"]),
            sender: MailAddress(name: "Acme Sales", address: "sales@acme.example"), store: store)
        desk = LeadDesk(records: store, workflow: workflow, permissions: permissions, clock: { Self.now }, passwordCost: 4)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A lead from a customer's enquiry, owned by `owner` in `team` (nil: unassigned).
    func lead(_ email: String, owner: String?, team: String?) throws -> Int64 {
        let name = email.split(separator: "@").first.map(String.init) ?? email
        let message = InboundMessage(
            messageID: "\(UUID().uuidString)@mail.example", fingerprint: Fingerprint.of([email, UUID().uuidString]),
            threadIDs: [], date: Self.now, from: "\(name) <\(email)>", to: "sales@acme.example",
            subject: "Level sensors", text: "We need 60 level sensors for the brewery; could you quote?",
            enquiry: Enquiry(
                contact: ContactDetails(name: name.capitalized, email: email, phone: "+44 161 496 0753"),
                subject: "Level sensors", text: "We need 60 level sensors for the brewery; could you quote?",
                source: "web-form", campaign: "expo-2026"))
        let (outcome, _) = try store.recordInbound(message, at: Self.now) { _ in nil }
        guard let lead = outcome.lead else { throw FixtureError.notRecorded(email) }
        if let owner {
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            update.owner = .init(email: owner, team: team)
            try store.apply(update, at: Self.now)
        }
        return lead.id
    }

    enum FixtureError: Error { case notRecorded(String) }
}
