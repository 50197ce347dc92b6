import Foundation
import Leads

/// One line of the administrators' audit list: who did what, when: an entry of a lead's log, or a sign-in.
public struct AuditEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An entry of a lead's work log (its kind: status, note, assignment, …).
        case lead(LeadEvent.Kind)
        case signIn
        case failedSignIn
    }

    public var date: Date
    /// The person (an address or login name), `leadmail` for the rules, or the address a sign-in gave.
    public var by: String
    public var kind: Kind
    /// The change in words; for a sign-in the address it came from.
    public var text: String
    /// The lead the entry belongs to, nil for sign-ins.
    public var leadID: Int64?

    public init(date: Date, by: String, kind: Kind, text: String, leadID: Int64? = nil) {
        self.date = date
        self.by = by
        self.kind = kind
        self.text = text
        self.leadID = leadID
    }
}

/// Which audit lines to read: one person's (by their address or name, any case) in `[from, until)`, newest
/// first, a page at a time.
public struct AuditQuery: Sendable, Hashable {
    public var person: String?
    public var from: Date?
    public var until: Date?
    public var limit: Int
    public var offset: Int

    public init(person: String? = nil, from: Date? = nil, until: Date? = nil, limit: Int = 50, offset: Int = 0) {
        self.person = person
        self.from = from
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}

/// What `LeadTransaction` offers the audit list (SQLite v14-audit, PostgreSQL v3-audit): sign-ins, kept beside
/// the leads' logs, and both read together.
public protocol AuditTransaction {
    /// Notes a sign-in to the workspace, or a refused one, with the address it came from.
    func recordSignIn(email: String, succeeded: Bool, client: String, at now: Date) throws
    /// The leads' log entries and the sign-ins matching the query, newest first.
    func auditEntries(_ query: AuditQuery) throws -> [AuditEntry]
}

extension AuditEntry {
    /// The kind from a row's `kind` column: a lead event's kind, `sign-in` or `failed-sign-in`.
    public static func kind(_ text: String) -> Kind {
        switch text {
        case "sign-in": .signIn
        case "failed-sign-in": .failedSignIn
        default: .lead(LeadEvent.Kind(rawValue: text) ?? .note)
        }
    }
}
