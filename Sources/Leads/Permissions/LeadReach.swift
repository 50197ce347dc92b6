/// The leads a person's scope reaches, in a form a store can filter on in its query instead of reading every lead:
/// the same rule as `PermissionPolicy.reaches`, so a list shows exactly the leads the lead page would open.
///
/// A lead is reached when the person owns it, when nobody owns it and it was given to no team or to the person's
/// team, and, with a team scope, when it was given to the person's team or is owned by one of its members.
public struct LeadReach: Sendable, Hashable {
    /// The person's address (normalised).
    public var person: String
    /// The person's team, if any.
    public var team: String?
    /// With a team scope, the addresses of the team's members (their leads are reached wherever they were given);
    /// nil with an own scope.
    public var teamMembers: [String]?

    public init(person: String, team: String?, teamMembers: [String]?) {
        self.person = EmailAddress.normalised(person)
        self.team = team
        self.teamMembers = teamMembers.map { $0.map(EmailAddress.normalised) }
    }
}

extension PermissionPolicy {
    /// What `user` reaches, for a store's query; nil when the role's scope is every lead.
    /// - Parameter members: the members of a team by its name (leadmail.yml's `teams`: the team of an owner is
    ///   the first team listing them).
    public func reach(of user: User, members: (String) -> [String]) -> LeadReach? {
        switch grant(for: user.role).scope {
        case .all: nil
        case .own: LeadReach(person: user.email, team: user.team, teamMembers: nil)
        case .team:
            LeadReach(
                person: user.email, team: user.team, teamMembers: user.team.map(members))
        }
    }
}
