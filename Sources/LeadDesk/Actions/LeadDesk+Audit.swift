import Foundation
import LeadStore
import Leads

/// The administrators' audit list: who did what, when, from the leads' logs and the workspace's sign-ins (refused
/// ones too). Reading it takes the `users` right.
extension LeadDesk {
    /// The entries matching the query, newest first (one page of it).
    public func audit(_ query: AuditQuery, by user: User) async throws -> [AuditEntry] {
        try permissions.check(.users, by: user)
        return try await records.read { tx in try tx.auditEntries(query) }
    }

    /// Notes a sign-in attempt; the address is cut to a mailbox's length, so a pasted novel is not kept.
    func recordSignIn(email: String, succeeded: Bool, client: String, in tx: any LeadTransaction, at now: Date)
        throws
    {
        try tx.recordSignIn(
            email: String(email.prefix(320)), succeeded: succeeded, client: String(client.prefix(100)), at: now)
    }
}
