import Foundation
import Leads

/// Where the users of LeadDesk live: beside the leads, so that every host and shell sees the same people.
///
/// Only hashes of passwords are stored; hashing and checking them is `LeadDesk`'s (bcrypt), not the store's.
public protocol UserStore: Sendable {
    /// Adds a user.
    /// - Throws: `UserStoreError.exists` when the address is taken.
    func addUser(_ user: User, passwordHash: String, at now: Date) throws -> User
    /// Every user, enabled or not, by address.
    func users() throws -> [User]
    /// The user with this address (any case), enabled or not.
    func user(email: String) throws -> User?
    /// The user and their password hash, for signing in.
    func credentials(email: String) throws -> (user: User, passwordHash: String)?
    /// Changes role, team, name or the disabled mark (`user.id` says whom).
    func updateUser(_ user: User, at now: Date) throws
    func setPasswordHash(_ hash: String, forUser id: Int64, at now: Date) throws
}

/// A user change the store refuses.
public enum UserStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)
    case unknown(String)

    public var description: String {
        switch self {
        case .exists(let email): "There is already a user \(email); change that one instead of adding it again."
        case .unknown(let email): "There is no user \(email); `leadmail users list` shows the users there are."
        }
    }
}
