import Foundation

/// A person leads can be assigned to.
public struct SalesPerson: Sendable, Hashable {
    public var name: String
    /// Normalised; the owner of a lead is recorded by this address.
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = EmailAddress.normalised(email)
    }
}

/// A team from the `teams` configuration: who takes its leads, how they share them, who is told.
public struct SalesTeam: Sendable, Hashable {
    /// How a team shares its leads.
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// Each member in turn.
        case roundRobin = "round-robin"
        /// The member with the fewest open leads (ties: the first listed).
        case leastLoaded = "least-loaded"
    }

    public var name: String
    public var members: [SalesPerson]
    public var strategy: Strategy
    /// Told when one of the team's leads goes overdue.
    public var manager: String?
    /// Copied on the team's new-lead notifications.
    public var copy: [String]
    /// Whether owners get a new-lead notification email.
    public var notify: Bool

    public init(
        name: String, members: [SalesPerson], strategy: Strategy = .roundRobin, manager: String? = nil,
        copy: [String] = [], notify: Bool = true
    ) {
        self.name = name
        self.members = members
        self.strategy = strategy
        self.manager = manager.map(EmailAddress.normalised)
        self.copy = copy
        self.notify = notify
    }
}
