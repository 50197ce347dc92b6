import Foundation
import Leads

/// A signed-in session of the web workspace as the store keeps it: whose, until when, and the hash of the
/// token's secret half (the verifier), never the token.
public struct StoredWebSession: Sendable, Hashable {
    public var id: Int64
    /// The token's public half, by which the session is found.
    public var selector: String
    /// bcrypt of the token's secret half.
    public var verifierHash: String
    public var user: User
    /// The token every state-changing form must carry for this session.
    public var csrfToken: String
    /// The address the session was signed in from, for the user's list of sessions.
    public var client: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64 = 0, selector: String, verifierHash: String, user: User, csrfToken: String, client: String,
        createdAt: Date, expiresAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.selector = selector
        self.verifierHash = verifierHash
        self.user = user
        self.csrfToken = csrfToken
        self.client = client
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// What `LeadTransaction` offers the web workspace's sessions (schema v11).
public protocol WebSessionTransaction {
    /// Records a new session; returns it with its id.
    func addSession(_ session: StoredWebSession) throws -> StoredWebSession
    /// The session with this selector, with its user as now stored (role and disabled flag current), revoked and
    /// expired ones included; nil when there is none.
    func session(selector: String) throws -> StoredWebSession?
    /// Ends one session (signing out); an ended one stays ended.
    func revokeSession(id: Int64, at now: Date) throws
    /// Ends every open session of a user (signing out everywhere); returns how many were open.
    @discardableResult
    func revokeSessions(userID: Int64, at now: Date) throws -> Int
    /// Forgets sessions that expired or were revoked before `date`; returns how many.
    @discardableResult
    func deleteSessions(endedBefore date: Date) throws -> Int
}
