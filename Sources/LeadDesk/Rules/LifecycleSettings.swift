import Foundation
import Leads

/// What happens to a lead after intake, from the `lifecycle`, `scoring`, `teams` and `assignment` keys of
/// leadmail.yml. The defaults work without any of them: leads are scored, nobody is assigned, and follow-ups are
/// due the next working day.
public struct LifecycleSettings: Sendable {
    /// Working days from capture (or reopening) to the follow-up's due day.
    public var followUpDays: Int
    /// Working days after the follow-up was set at which an untouched lead is overdue and reassigned.
    public var overdueDays: Int
    public var calendar: WorkingCalendar
    public var rejectionReasons: [String]
    /// The hour (office time) from which `leadmail run` sends each owner the morning digest.
    public var digestHour: Int
    public var scoring: ScoringRules
    public var teams: [SalesTeam]
    public var assignment: [AssignmentRule]

    public init(
        followUpDays: Int = 1, overdueDays: Int = 3, calendar: WorkingCalendar = WorkingCalendar(),
        rejectionReasons: [String] = Self.defaultRejectionReasons, digestHour: Int = 8,
        scoring: ScoringRules = ScoringRules(), teams: [SalesTeam] = [], assignment: [AssignmentRule] = []
    ) {
        self.followUpDays = followUpDays
        self.overdueDays = overdueDays
        self.calendar = calendar
        self.rejectionReasons = rejectionReasons
        self.digestHour = digestHour
        self.scoring = scoring
        self.teams = teams
        self.assignment = assignment
    }

    public static let defaultRejectionReasons = [
        "no budget", "no project", "competitor", "spam", "duplicate", "not reachable", "wrong contact",
    ]

    public var assigner: LeadAssigner { LeadAssigner(rules: assignment, teams: teams) }
}
