import Foundation
import LeadStore
import Leads

/// The managers' dashboard: figures counted by the store over the leads the user reaches.
extension LeadDesk {
    /// The dashboard's filters: a date range of creation and any of source, campaign, team, owner and tag.
    public struct DashboardFilter: Sendable, Hashable {
        /// Created on or after.
        public var from: Date?
        /// Created before.
        public var until: Date?
        public var source: String?
        public var campaign: String?
        /// A team of leadmail.yml's `teams`: the leads given to it or owned by its members.
        public var team: String?
        public var owner: String?
        public var tag: String?

        public init(
            from: Date? = nil, until: Date? = nil, source: String? = nil, campaign: String? = nil,
            team: String? = nil, owner: String? = nil, tag: String? = nil
        ) {
            self.from = from
            self.until = until
            self.source = source
            self.campaign = campaign
            self.team = team
            self.owner = owner
            self.tag = tag
        }
    }

    /// The dashboard's figures for those with the `dashboard` right, over the leads their scope reaches (a
    /// manager sees their team's).
    public func dashboard(_ filter: DashboardFilter, by user: User) async throws -> LeadDashboard {
        try permissions.check(.dashboard, by: user)
        let search = within(
            LeadSearch(
                source: filter.source, campaign: filter.campaign, owner: filter.owner, tag: filter.tag,
                from: filter.from, until: filter.until),
            of: user)
        let team = filter.team.map { name in DashboardTeam(name: name, members: members(ofTeam: name)) }
        let today = today
        return try await records.read { tx in try tx.dashboard(search, team: team, today: today) }
    }

    /// The teams of leadmail.yml, by name, for a filter's choices.
    public var teamNames: [String] { settings.teams.map(\.name) }

    /// A team of leadmail.yml by name, with its members, for a list's team filter (the leads given to it or owned
    /// by its members, as the dashboard counts them); nil for a name no team has.
    public func team(named name: String) -> DashboardTeam? {
        guard settings.teams.contains(where: { $0.name == name }) else { return nil }
        return DashboardTeam(name: name, members: members(ofTeam: name))
    }

    /// The addresses of a team's members (an owner's team is the first team listing them).
    func members(ofTeam team: String) -> [String] {
        settings.teams.flatMap(\.members).map(\.email).filter { settings.assigner.team(of: $0)?.name == team }
    }
}
