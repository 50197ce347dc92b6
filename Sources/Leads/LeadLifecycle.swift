import Foundation

/// Where a lead stands after intake: the people's judgement and the rules' bookkeeping beside the captured `Lead`.
public struct LeadLifecycle: Sendable, Hashable, Codable {
    public var rating: LeadRating?
    public var score: Int
    /// The owner's address, nil until assigned.
    public var owner: String?
    /// The team the owner was chosen from, when a rule named one.
    public var team: String?
    public var tags: [String]
    /// Why the lead was rejected (one of `lifecycle.rejectionReasons`).
    public var rejectReason: String?
    /// The opportunity's value once converted.
    public var value: Double?
    /// The opportunity's expected close date (a day, `2026-12-31`).
    public var closeDate: String?
    /// When a nurtured lead should be looked at again (a day).
    public var nurtureUntil: String?
    /// A reminder set with `leads remind` (a day).
    public var remindOn: String?

    public init(
        rating: LeadRating? = nil, score: Int = 0, owner: String? = nil, team: String? = nil, tags: [String] = [],
        rejectReason: String? = nil, value: Double? = nil, closeDate: String? = nil, nurtureUntil: String? = nil,
        remindOn: String? = nil
    ) {
        self.rating = rating
        self.score = score
        self.owner = owner
        self.team = team
        self.tags = tags
        self.rejectReason = rejectReason
        self.value = value
        self.closeDate = closeDate
        self.nurtureUntil = nurtureUntil
        self.remindOn = remindOn
    }
}
