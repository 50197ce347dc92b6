import Foundation
import LeadStore
import Leads

/// Users: who may act, as what. Adding and changing users takes the `users` right (administrators); anyone may
/// change their own password.
extension LeadDesk {
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Who acts for a shell that has no sign-in (the command line): the user with the address given (`as`),
    /// else the user whose address or local part is the login. With no users at all, an implicit
    /// administrator named after the login, so that a fresh installation and existing scripts keep working.
    public func actor(as email: String?, login: String) async throws -> User {
        try await records.read { tx in
            let users = try tx.users()
            if users.isEmpty {
                if let email { throw AccountError.unknownUser(email) }
                return User.implicitAdministrator(login: login)
            }
            let wanted = email.map(EmailAddress.normalised)
            let found =
                if let wanted { users.first { $0.email == wanted } } else {
                    users.first { $0.email == login.lowercased() }
                        ?? users.first { $0.email.split(separator: "@").first.map(String.init) == login.lowercased() }
                }
            guard let user = found else {
                throw email.map { AccountError.unknownUser($0) } ?? AccountError.unknownLogin(login)
            }
            guard !user.isDisabled else { throw AccountError.disabled(user.email) }
            return user
        }
    }

    /// Adds a user. The first user of a store must be an administrator (or is added by the implicit one).
    public func addUser(
        email: String, name: String, role: Role, team: String?, password: String, by actor: User
    ) async throws -> User {
        try permissions.check(.users, by: actor)
        guard EmailAddress.isPlausible(email) else { throw AccountError.badEmail(email) }
        try checkTeam(team)
        try checkPassword(password)
        let hash = hasher.hash(password)
        let now = clock()
        return try await records.write { tx in
            try tx.addUser(
                User(id: 0, email: email, name: name, role: role, team: team), passwordHash: hash, at: now)
        }
    }

    /// Every user, for those who may manage them.
    public func users(by actor: User) async throws -> [User] {
        try permissions.check(.users, by: actor)
        return try await records.read { tx in try tx.users() }
    }

    /// Changes a user's role, team or name; disabling keeps their history. The last enabled administrator stays.
    public func updateUser(
        _ email: String, role: Role? = nil, team: String?? = nil, name: String? = nil, disabled: Bool? = nil,
        by actor: User
    ) async throws -> User {
        try permissions.check(.users, by: actor)
        if case .some(let team) = team { try checkTeam(team) }
        let now = clock()
        return try await records.write { tx in
            guard var user = try tx.user(email: email) else { throw AccountError.unknownUser(email) }
            if let role { user.role = role }
            if case .some(let team) = team { user.team = team }
            if let name { user.name = name }
            if let disabled { user.isDisabled = disabled }
            let admins = try tx.users().filter { $0.role == .admin && !$0.isDisabled && $0.id != user.id }
            if admins.isEmpty, user.role != .admin || user.isDisabled {
                throw AccountError.lastAdministrator(user.email)
            }
            try tx.updateUser(user, at: now)
            return user
        }
    }

    /// Sets a password: one's own, or anyone's with the `users` right.
    public func setPassword(_ password: String, for email: String, by actor: User) async throws {
        if EmailAddress.normalised(email) != actor.email { try permissions.check(.users, by: actor) }
        try checkPassword(password)
        let hash = hasher.hash(password)
        let now = clock()
        try await records.write { tx in
            guard let user = try tx.user(email: email) else { throw AccountError.unknownUser(email) }
            try tx.setPasswordHash(hash, forUser: user.id, at: now)
        }
    }

    /// Signs a user in by address and password: the user, or `AccountError.badPassword` whatever was wrong (an
    /// unknown address and a wrong password look the same from outside). The bcrypt check runs off the caller's
    /// executor.
    public func authenticate(email: String, password: String) async throws -> User {
        let hasher = hasher
        return try await records.read { tx in
            guard let (user, hash) = try tx.credentials(email: email) else {
                // The same work as a real check, so the answer's timing does not tell which addresses exist.
                hasher.verifyDecoy(password)
                throw AccountError.badPassword
            }
            guard hasher.verify(password, against: hash), !user.isDisabled else { throw AccountError.badPassword }
            return user
        }
    }

    private func checkPassword(_ password: String) throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw AccountError.weakPassword(minimum: Self.minimumPasswordLength)
        }
    }

    private func checkTeam(_ team: String?) throws {
        guard let team, !settings.teams.isEmpty else { return }
        guard settings.teams.contains(where: { $0.name == team }) else {
            throw AccountError.unknownTeam(team, known: settings.teams.map(\.name))
        }
    }
}
