import Foundation

/// One line of the `assignment` configuration: leads that match go to a team (shared by its strategy) or to a
/// named person. Every condition given must hold; a rule with none matches every lead (a catch-all at the end).
public struct AssignmentRule: Sendable, Hashable {
    /// ISO country codes (GB, DE, …) from the territory of the lead.
    public var countries: Set<String>
    public var sources: Set<String>
    public var campaigns: Set<String>
    public var minScore: Int?
    public var maxScore: Int?
    /// The team whose members share the leads; or
    public var team: String?
    /// a person's address.
    public var person: String?

    public init(
        countries: Set<String> = [], sources: Set<String> = [], campaigns: Set<String> = [], minScore: Int? = nil,
        maxScore: Int? = nil, team: String? = nil, person: String? = nil
    ) {
        self.countries = Set(countries.map { $0.uppercased() })
        self.sources = sources
        self.campaigns = campaigns
        self.minScore = minScore
        self.maxScore = maxScore
        self.team = team
        self.person = person.map(EmailAddress.normalised)
    }

    public func matches(_ facts: AssignmentFacts) -> Bool {
        if !countries.isEmpty, !(facts.country.map(countries.contains) ?? false) { return false }
        if !sources.isEmpty, !sources.contains(facts.source) { return false }
        if !campaigns.isEmpty, !(facts.campaign.map(campaigns.contains) ?? false) { return false }
        if let minScore, facts.score < minScore { return false }
        if let maxScore, facts.score > maxScore { return false }
        return true
    }
}

/// What assignment rules look at.
public struct AssignmentFacts: Sendable, Hashable {
    public var country: String?
    public var source: String
    public var campaign: String?
    public var score: Int

    public init(country: String?, source: String, campaign: String?, score: Int) {
        self.country = country
        self.source = source
        self.campaign = campaign
        self.score = score
    }
}
