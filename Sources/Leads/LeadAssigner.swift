import Foundation

/// Who gets a lead: the first matching `assignment` rule names a person or a team, and the team's strategy picks
/// the member.
public struct LeadAssigner: Sendable {
    public var rules: [AssignmentRule]
    public var teams: [SalesTeam]

    /// The choice and why, for the lead's log.
    public struct Choice: Sendable, Hashable {
        public var owner: SalesPerson
        public var team: SalesTeam?
        public var reason: String

        public init(owner: SalesPerson, team: SalesTeam?, reason: String) {
            self.owner = owner
            self.team = team
            self.reason = reason
        }
    }

    public init(rules: [AssignmentRule], teams: [SalesTeam]) {
        self.rules = rules
        self.teams = teams
    }

    /// Everyone in a team, for `leads assign PERSON` by name or address.
    public func person(named text: String) -> SalesPerson? {
        let key = EmailAddress.normalised(text)
        let everyone = teams.flatMap(\.members)
        return everyone.first { $0.email == key }
            ?? everyone.first { $0.name.lowercased() == key }
            ?? everyone.first { $0.email.split(separator: "@").first.map(String.init) == key }
    }

    /// The team a person belongs to (the first listed).
    public func team(of email: String) -> SalesTeam? {
        teams.first { $0.members.contains { $0.email == EmailAddress.normalised(email) } }
    }

    /// - Parameters:
    ///   - excluding: people who must not get it (the owner who let it go overdue).
    ///   - load: open leads per owner address, for least-loaded teams.
    ///   - turn: how many leads a round-robin team has handed out so far.
    public func choose(
        _ facts: AssignmentFacts, excluding: Set<String> = [], load: [String: Int] = [:],
        turn: (String) -> Int = { _ in 0 }
    ) -> Choice? {
        for (index, rule) in rules.enumerated() where rule.matches(facts) {
            let why = "assignment rule \(index + 1)"
            if let person = rule.person {
                guard !excluding.contains(person) else { continue }
                let found = self.person(named: person) ?? SalesPerson(name: person, email: person)
                return Choice(owner: found, team: team(of: person), reason: why)
            }
            guard let name = rule.team, let team = teams.first(where: { $0.name == name }),
                let choice = pick(in: team, excluding: excluding, load: load, turn: turn(team.name), why: why)
            else { continue }
            return choice
        }
        return nil
    }

    /// The next person of `team` by its strategy, none of `excluding`; nil when every member is excluded.
    /// - Parameter turn: how many leads the team has handed out so far (round-robin).
    public func pick(
        in team: SalesTeam, excluding: Set<String> = [], load: [String: Int] = [:], turn: Int = 0, why: String
    ) -> Choice? {
        let members = team.members.filter { !excluding.contains($0.email) }
        guard !members.isEmpty else { return nil }
        switch team.strategy {
        case .roundRobin:
            // Walk the full rota so that an excluded member's turn passes to the next one.
            let rota = team.members
            var position = turn
            for _ in 0..<rota.count {
                let candidate = rota[position % rota.count]
                if !excluding.contains(candidate.email) {
                    return Choice(owner: candidate, team: team, reason: "\(why), team \(team.name) round-robin")
                }
                position += 1
            }
            return nil
        case .leastLoaded:
            let least = members.min { load[$0.email, default: 0] < load[$1.email, default: 0] }!
            return Choice(
                owner: least, team: team,
                reason: "\(why), team \(team.name) least-loaded (\(load[least.email, default: 0]) open)")
        }
    }
}
