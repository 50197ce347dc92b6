/// What a person does in the sales team, which decides what LeadMail lets them do.
///
/// The four profiles of the CRMs LeadMail follows (Sage, Dynamics): each has rights (view, create, edit, delete,
/// …) over a scope of leads (their own, their team's, all). `PermissionPolicy` holds the rights of each role;
/// leadmail.yml can change them.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Everything, users included.
    case admin
    /// All leads of their team: reassigning, merging, deleting, reports and export.
    case manager
    /// Their own leads and their team's unassigned ones.
    case sales
    /// Templates, reports and campaigns; leads read-only.
    case marketing
}

/// One kind of thing a person may do, checked by `PermissionPolicy` before every action and query.
public enum Right: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// See leads, their log, tasks and the work list.
    case view
    /// Add leads (an import).
    case create
    /// Work a lead: status, notes, calls, tasks, reminders, tags, rating, contact fields, write to it.
    case edit
    /// Give a lead to someone else (and take an unassigned one).
    case assign
    /// Merge two leads into one.
    case merge
    /// Delete a lead with its log.
    case delete
    /// Take leads out as a file.
    case export
    /// Reports per source and campaign.
    case reports
    /// Edit the reply and staff-mail templates.
    case templates
    /// Add, disable and change users.
    case users
    /// See every reply waiting or failed in the outbox, retry or cancel one: the operator's levers.
    case outbox
    /// The managers' dashboard: charts of leads per source and campaign, funnels, response times, overdue work.
    case dashboard

    public static func < (lhs: Right, rhs: Right) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The right as a person reads it in a refusal: "may not delete leads".
    public var activity: String {
        switch self {
        case .view: "see leads"
        case .create: "add leads"
        case .edit: "change leads"
        case .assign: "assign leads"
        case .merge: "merge leads"
        case .delete: "delete leads"
        case .export: "export leads"
        case .reports: "see reports"
        case .templates: "edit templates"
        case .users: "manage users"
        case .outbox: "handle the outbox"
        case .dashboard: "see the dashboard"
        }
    }
}

/// Which leads a role's rights reach.
public enum Scope: String, Sendable, Hashable, CaseIterable, Codable {
    /// The person's own leads, and the unassigned leads of their team.
    case own
    /// Every lead of the person's team (owned by it, or unassigned), and their own.
    case team
    /// Every lead.
    case all
}
