import Foundation
import Leads

/// What `LeadTransaction` offers the managers' dashboard: every figure counted in the database.
public protocol DashboardTransaction {
    /// The dashboard's figures for the leads matching `search` (its filters and reach; not its order, limit,
    /// offset or text) and, when given, given to `team` or owned by one of its members. Overdue follow-ups are
    /// open follow-up tasks due before `today` (`YYYY-MM-DD`) on those leads.
    func dashboard(_ search: LeadSearch, team: DashboardTeam?, today: String) throws -> LeadDashboard
}
