import Foundation

/// What the managers' dashboard draws, counted by the store (SQL `GROUP BY`) for one filter.
///
/// The store counts; the page only draws: a dashboard over 100,000 leads reads a few hundred rows, not the leads.
public struct LeadDashboard: Sendable, Hashable {
    /// How many leads came in one week (starting Monday, UTC, as `2026-11-30`) under one key (a source or a
    /// campaign; "" for none).
    public struct WeekCount: Sendable, Hashable {
        public var week: String
        public var key: String
        public var count: Int

        public init(week: String, key: String, count: Int) {
            self.week = week
            self.key = key
            self.count = count
        }
    }

    /// One campaign's funnel: leads that reached each stage (a converted lead was contacted and qualified).
    public struct Funnel: Sendable, Hashable {
        /// "" for leads of no campaign.
        public var campaign: String
        public var leads: Int
        /// Contacted, qualified, converted or nurtured, or with a first human contact logged.
        public var contacted: Int
        /// Qualified or converted.
        public var qualified: Int
        public var converted: Int
        /// The summed value of the converted leads.
        public var convertedValue: Double
        /// Rejected as spam: left out of the conversion rate, as `leadmail report` does.
        public var spam: Int

        public init(
            campaign: String, leads: Int, contacted: Int, qualified: Int, converted: Int, convertedValue: Double,
            spam: Int
        ) {
            self.campaign = campaign
            self.leads = leads
            self.contacted = contacted
            self.qualified = qualified
            self.converted = converted
            self.convertedValue = convertedValue
            self.spam = spam
        }

        /// converted ÷ (leads − spam), 0…1.
        public var conversionRate: Double {
            leads - spam > 0 ? Double(converted) / Double(leads - spam) : 0
        }
    }

    /// A count under a name (a rejection reason, a rating, an owner).
    public struct Count: Sendable, Hashable {
        public var key: String
        public var count: Int

        public init(key: String, count: Int) {
            self.key = key
            self.count = count
        }
    }

    /// Clicks on tracked links (`tracking: true`) of one campaign's leads.
    public struct CampaignClicks: Sendable, Hashable {
        /// "" for leads of no campaign.
        public var campaign: String
        public var clicks: Int
        /// How many leads clicked at least once.
        public var leads: Int

        public init(campaign: String, clicks: Int, leads: Int) {
            self.campaign = campaign
            self.clicks = clicks
            self.leads = leads
        }
    }

    public var bySource: [WeekCount]
    public var byCampaign: [WeekCount]
    public var funnels: [Funnel]
    /// Rejected leads by reason ("unknown" when none was given).
    public var rejections: [Count]
    /// Leads by rating ("" for unrated).
    public var ratings: [Count]
    /// Seconds from a lead's creation to our first reply; nil when no lead has one.
    public var medianFirstReplySeconds: Double?
    /// Seconds from a lead's creation to the first human contact; nil when no lead has one.
    public var medianFirstContactSeconds: Double?
    /// Open follow-up tasks due before today, by owner ("" for nobody's).
    public var overdueFollowUps: [Count]
    /// Clicks dated in the range on the filtered leads' tracked links, per campaign: most clicks first.
    public var clicksByCampaign: [CampaignClicks]

    public init(
        bySource: [WeekCount] = [], byCampaign: [WeekCount] = [], funnels: [Funnel] = [], rejections: [Count] = [],
        ratings: [Count] = [], medianFirstReplySeconds: Double? = nil, medianFirstContactSeconds: Double? = nil,
        overdueFollowUps: [Count] = [], clicksByCampaign: [CampaignClicks] = []
    ) {
        self.bySource = bySource
        self.byCampaign = byCampaign
        self.funnels = funnels
        self.rejections = rejections
        self.ratings = ratings
        self.medianFirstReplySeconds = medianFirstReplySeconds
        self.medianFirstContactSeconds = medianFirstContactSeconds
        self.overdueFollowUps = overdueFollowUps
        self.clicksByCampaign = clicksByCampaign
    }
}

/// The dashboard's filter beyond a list's (`LeadSearch`): a team, as the leads given to it or owned by its
/// members.
public struct DashboardTeam: Sendable, Hashable {
    public var name: String
    public var members: [String]

    public init(name: String, members: [String]) {
        self.name = name
        self.members = members.map(EmailAddress.normalised)
    }
}
