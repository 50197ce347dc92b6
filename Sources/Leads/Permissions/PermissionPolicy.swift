/// Who may do what to which lead: a scope and a set of rights per role.
///
/// Pure and small on purpose: `LeadDesk` asks it before every action and query, whichever shell (command line,
/// web) the request came from, so a rule is written once.
public struct PermissionPolicy: Sendable, Hashable {
    /// A role's rights and the leads they reach.
    public struct Grant: Sendable, Hashable {
        public var scope: Scope
        public var rights: Set<Right>

        public init(scope: Scope, rights: Set<Right>) {
            self.scope = scope
            self.rights = rights
        }
    }

    public var grants: [Role: Grant]

    public init(grants: [Role: Grant] = PermissionPolicy.standardGrants) {
        self.grants = grants
    }

    /// The defaults: administrators everything; managers their teams' leads with reassignment, merging, deleting,
    /// reports, the dashboard and export; sales their own leads and their team's unassigned ones, no delete and no export;
    /// marketing templates and reports, leads read-only.
    public static let standardGrants: [Role: Grant] = [
        .admin: Grant(scope: .all, rights: Set(Right.allCases)),
        .manager: Grant(
            scope: .team,
            rights: [.view, .create, .edit, .assign, .merge, .delete, .export, .reports, .dashboard]),
        .sales: Grant(scope: .own, rights: [.view, .create, .edit, .assign]),
        .marketing: Grant(scope: .all, rights: [.view, .reports, .templates]),
    ]

    public func grant(for role: Role) -> Grant {
        grants[role] ?? Grant(scope: .own, rights: [])
    }

    /// Whether `user` has `right` at all, whatever the lead; a refusal says which right is missing.
    public func check(_ right: Right, by user: User) throws(PermissionDenied) {
        guard !user.isDisabled else { throw PermissionDenied(user: user, right: right, reason: .disabled) }
        guard grant(for: user.role).rights.contains(right) else {
            throw PermissionDenied(user: user, right: right, reason: .missingRight)
        }
    }

    /// Whether `user` may use `right` on a lead with this owner and team.
    public func check(_ right: Right, by user: User, on lead: LeadOwnership) throws(PermissionDenied) {
        try check(right, by: user)
        guard reaches(user, lead) else {
            throw PermissionDenied(user: user, right: right, reason: .outOfScope(lead, grant(for: user.role).scope))
        }
    }

    /// Whether a lead is within the user's scope: what lists and the work list show them.
    public func reaches(_ user: User, _ lead: LeadOwnership) -> Bool {
        if lead.owner == user.email { return true }
        let unassignedHere = lead.owner == nil && (lead.team == nil || lead.team == user.team)
        switch grant(for: user.role).scope {
        case .all:
            return true
        case .team:
            guard let team = user.team else { return unassignedHere }
            return unassignedHere || lead.team == team || lead.ownerTeam == team
        case .own:
            return unassignedHere
        }
    }
}

/// Whose a lead is, as the permission policy needs it.
public struct LeadOwnership: Sendable, Hashable {
    public var number: String
    /// The owner's address; nil for an unassigned lead.
    public var owner: String?
    /// The team the lead was given to, nil when no rule named one.
    public var team: String?
    /// The team of the owner as a user, when the owner is one.
    public var ownerTeam: String?

    public init(number: String, owner: String?, team: String?, ownerTeam: String? = nil) {
        self.number = number
        self.owner = owner.map(EmailAddress.normalised)
        self.team = team
        self.ownerTeam = ownerTeam
    }
}

/// A refusal: the user, the right they lack, and why, in words for the person who asked.
public struct PermissionDenied: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case disabled
        case missingRight
        case outOfScope(LeadOwnership, Scope)
    }

    public var user: User
    public var right: Right
    public var reason: Reason

    public init(user: User, right: Right, reason: Reason) {
        self.user = user
        self.right = right
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .disabled:
            return "\(user.email) is disabled and may not act; an administrator can enable the account again."
        case .missingRight:
            return "\(user.label) may not \(right.activity): the \(user.role.rawValue) role lacks the "
                + "'\(right.rawValue)' right. Ask an administrator, or change `roles` in leadmail.yml."
        case .outOfScope(let lead, let scope):
            let whose = lead.owner.map { "it belongs to \($0)" } ?? "it is unassigned in another team"
            let reach: String
            switch scope {
            case .own: reach = "their own leads and their team's unassigned ones"
            case .team: reach = "the leads of their team"
            case .all: reach = "every lead"
            }
            return "\(user.label) may not \(right.activity) for \(lead.number): \(whose), and the "
                + "\(user.role.rawValue) role reaches \(reach). Ask its owner or a manager."
        }
    }
}
