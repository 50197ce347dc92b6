import Foundation
import LeadStore
import Leads
import PostgresStore

/// A store of each kind the behaviour suites run against, made fresh for one test.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The embedded default: a SQLite file in a temporary folder.
    case sqlite
    /// The shared store: a database of its own on the test process's PostgreSQL cluster (`PostgresTestCluster`).
    case postgres

    public var description: String { rawValue }
}

/// A lead store in a temporary folder, removed with it, and the helpers tests need to fill it as the pipeline
/// and the lead rules would.
public final class TemporaryLeadStore: Sendable {
    public let directory: TemporaryDirectory
    public let kind: StoreKind
    private let sqlite: SQLiteLeadStore?
    /// The PostgreSQL store, for `.postgres`.
    public let postgres: PostgresLeadStore?
    /// The moment leads are captured at: Thursday 24 December 2026, 08:00 UTC.
    public static let now = Date(timeIntervalSince1970: 1_798_099_200)

    public init(_ kind: StoreKind = .sqlite) throws {
        directory = try TemporaryDirectory(prefix: "leadmail-store")
        self.kind = kind
        switch kind {
        case .sqlite:
            sqlite = try SQLiteLeadStore(path: directory.appending("leads.sqlite"))
            postgres = nil
        case .postgres:
            sqlite = nil
            postgres = try PostgresLeadStore(PostgresTestCluster.shared().freshDatabase())
        }
    }

    /// The SQLite store, for the suites that run on it alone.
    public var store: SQLiteLeadStore {
        guard let sqlite else {
            preconditionFailure("TemporaryLeadStore.store is the SQLite store; this one is \(kind)")
        }
        return sqlite
    }

    /// The store as people's work sees it.
    public var records: any LeadRecords {
        if let postgres { return postgres }
        return store
    }

    /// A lead from a customer's enquiry as the pipeline records it at `at`, under `source` and `campaign`, owned by
    /// `owner` in `team` (nil: unassigned).
    @discardableResult
    public func capture(
        _ email: String, owner: String? = nil, team: String? = nil,
        text: String = "We need 60 level sensors for the brewery; could you quote?", source: String = "web-form",
        campaign: String? = "expo-2026", at: Date = TemporaryLeadStore.now
    ) throws -> Int64 {
        let name = email.split(separator: "@").first.map(String.init) ?? email
        let message = InboundMessage(
            messageID: "\(UUID().uuidString)@mail.example", fingerprint: Fingerprint.of([email, UUID().uuidString]),
            threadIDs: [], date: at, from: "\(name) <\(email)>", to: "sales@acme.example",
            subject: "Level sensors", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: name.capitalized, email: email, phone: "+44 161 496 0753"),
                subject: "Level sensors", text: text, source: source, campaign: campaign))
        let (outcome, _) =
            if let postgres {
                try postgres.recordInbound(message, at: at) { _ in nil }
            } else {
                try store.recordInbound(message, at: at) { _ in nil }
            }
        guard let lead = outcome.lead else { throw TemporaryStoreError(message: "\(email) was not recorded") }
        if let owner {
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            update.owner = .init(email: owner, team: team)
            if let postgres { try postgres.apply(update, at: at) } else { try store.apply(update, at: at) }
        }
        return lead.id
    }
}

public struct TemporaryStoreError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A user of each role, in two teams: uk (Anna and Ben sell, Mary manages) and dach (Dieter sells, Hans manages).
public enum TestUsers {
    public static let admin = User(id: 1, email: "root@acme.example", name: "Rosa Root", role: .admin)
    public static let manager = User(id: 2, email: "mary@acme.example", name: "Mary Moss", role: .manager, team: "uk")
    public static let sales = User(id: 3, email: "anna@acme.example", name: "Anna Baker", role: .sales, team: "uk")
    public static let marketing = User(id: 4, email: "mark@acme.example", name: "Mark Ting", role: .marketing)

    public static func user(_ role: Role) -> User {
        switch role {
        case .admin: admin
        case .manager: manager
        case .sales: sales
        case .marketing: marketing
        }
    }

    /// The teams these users belong to, as leadmail.yml's `teams` would give them.
    public static let teams = [
        SalesTeam(
            name: "uk",
            members: [
                SalesPerson(name: "Anna Baker", email: "anna@acme.example"),
                SalesPerson(name: "Ben Carter", email: "ben@acme.example"),
            ], manager: "mary@acme.example"),
        SalesTeam(
            name: "dach", members: [SalesPerson(name: "Dieter Ernst", email: "dieter@acme.example")],
            manager: "hans@acme.example"),
    ]
}
