import Foundation
import HummingbirdBcrypt
import LeadStore
import Leads
import Synchronization

/// A signed-in session of the web workspace: who, until when, and the CSRF token its forms carry.
public struct WebSession: Sendable, Hashable {
    public var id: Int64
    public var user: User
    public var csrfToken: String
    public var expiresAt: Date
}

/// Signing in and out of the web workspace. A session token is `selector.verifier`: the selector finds the
/// session, the verifier (256 random bits) proves it, and the store keeps only a bcrypt hash of the verifier.
/// Sessions end at their expiry, at sign-out, when the user signs out everywhere, and when the user is disabled.
extension LeadDesk {
    /// How long a session lasts from sign-in: a working day with margin.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    /// Signs in by address and password (`authenticate`) and opens a session.
    /// - Parameter client: the address the request came from, kept with the session.
    /// - Returns: the token for the cookie (shown once, never stored) and the session.
    /// - Throws: `AccountError.badPassword` whatever was wrong.
    public func signIn(email: String, password: String, client: String) async throws -> (token: String, WebSession) {
        let now = clock()
        let user: User
        do {
            user = try await authenticate(email: email, password: password)
        } catch AccountError.badPassword {
            try await records.write { tx in
                try self.recordSignIn(email: email, succeeded: false, client: client, in: tx, at: now)
            }
            throw AccountError.badPassword
        }
        let selector = Self.randomToken(bytes: 16)
        let verifier = Self.randomToken(bytes: 32)
        let stored = StoredWebSession(
            selector: selector, verifierHash: Bcrypt.hash(verifier, cost: Self.verifierCost), user: user,
            csrfToken: Self.randomToken(bytes: 32), client: client, createdAt: now,
            expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        let added = try await records.write { tx in
            try tx.deleteSessions(endedBefore: now.addingTimeInterval(-7 * 86400))
            try self.recordSignIn(email: user.email, succeeded: true, client: client, in: tx, at: now)
            return try tx.addSession(stored)
        }
        return ("\(selector).\(verifier)", WebSession(added))
    }

    /// The open session a token proves, with its user as now stored; nil for an unknown, forged, expired or
    /// revoked token, or a user since disabled.
    public func session(token: String) async throws -> WebSession? {
        guard let (selector, verifier) = Self.split(token) else { return nil }
        let now = clock()
        guard let stored = try await records.read({ tx in try tx.session(selector: selector) }) else { return nil }
        guard stored.revokedAt == nil, stored.expiresAt > now, !stored.user.isDisabled,
            Self.proves(verifier, selector: selector, hash: stored.verifierHash)
        else { return nil }
        return WebSession(stored)
    }

    /// Verifiers this process has checked with bcrypt, by selector and stored hash: a page view compares its
    /// cookie's verifier with the one proven before instead of paying bcrypt on every request (the session's
    /// expiry, revocation and user are still read from the store each time). Emptied when it grows large.
    private static let provenVerifiers = Mutex<[String: String]>([:])

    private static func proves(_ verifier: String, selector: String, hash: String) -> Bool {
        let key = selector + " " + hash
        if let proven = provenVerifiers.withLock({ $0[key] }), sameText(proven, verifier) { return true }
        guard Bcrypt.verify(verifier, hash: hash) else { return false }
        provenVerifiers.withLock { proven in
            if proven.count >= 10_000 { proven.removeAll() }
            proven[key] = verifier
        }
        return true
    }

    /// Compares in time that does not depend on where the two differ.
    private static func sameText(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Ends the session of this token (signing out); an unknown token is already signed out.
    public func signOut(token: String) async throws {
        guard let (selector, verifier) = Self.split(token) else { return }
        let now = clock()
        try await records.write { tx in
            guard let stored = try tx.session(selector: selector),
                Bcrypt.verify(verifier, hash: stored.verifierHash)
            else { return }
            try tx.revokeSession(id: stored.id, at: now)
        }
    }

    /// Ends every session of the user, on every browser (a lost laptop); returns how many were open.
    @discardableResult
    public func signOutEverywhere(by user: User) async throws -> Int {
        let now = clock()
        return try await records.write { tx in try tx.revokeSessions(userID: user.id, at: now) }
    }

    /// bcrypt's least cost: the verifier is random, so the hash guards a stolen database, not a guessable secret,
    /// and a page view pays about a millisecond for it.
    static let verifierCost: UInt8 = 4

    /// `bytes` random bytes (the system's secure generator) as URL-safe text.
    public static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func split(_ token: String) -> (String, String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (16...64).contains(parts[0].count), (32...64).contains(parts[1].count) else {
            return nil
        }
        return (String(parts[0]), String(parts[1]))
    }
}

extension WebSession {
    init(_ stored: StoredWebSession) {
        self.init(id: stored.id, user: stored.user, csrfToken: stored.csrfToken, expiresAt: stored.expiresAt)
    }
}
