/// A person who works leads: who they are, their role and their team.
///
/// Every action in `LeadDesk` takes the acting user; the log records their address. The password's hash never
/// travels with this value: the store keeps it apart, so a user can be shown, logged or serialised safely.
public struct User: Sendable, Hashable, Codable {
    /// The store's number; 0 for the implicit administrator.
    public var id: Int64
    /// Normalised (lower case); what the user signs in with and what the log records.
    public var email: String
    public var name: String
    public var role: Role
    /// The team, as named in leadmail.yml's `teams`; nil for someone in no team.
    public var team: String?
    /// A disabled user keeps their history but can no longer act or sign in.
    public var isDisabled: Bool

    public init(id: Int64, email: String, name: String, role: Role, team: String? = nil, isDisabled: Bool = false) {
        self.id = id
        self.email = EmailAddress.normalised(email)
        self.name = name
        self.role = role
        self.team = team
        self.isDisabled = isDisabled
    }

    /// Who acts where no users are set up (a fresh install, `make demo`, scripts written before users existed):
    /// an administrator named after the login, so that every action still has a name in the log.
    public static func implicitAdministrator(login: String) -> User {
        User(id: 0, email: login, name: login, role: .admin)
    }

    /// What the log records as the actor: the address of a real user, the login of the implicit administrator.
    public var actorName: String { id == 0 ? name : email }

    /// "Ben Jones (sales)", for messages.
    public var label: String { "\(name) (\(role.rawValue))" }
}
