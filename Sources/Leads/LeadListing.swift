import Foundation

/// A lead with its lifecycle, as `leads list` shows it.
public struct LeadListing: Sendable, Hashable {
    public var lead: Lead
    public var lifecycle: LeadLifecycle

    public init(lead: Lead, lifecycle: LeadLifecycle) {
        self.lead = lead
        self.lifecycle = lifecycle
    }
}

/// Which leads `leads list` shows, and in what order.
public struct LeadSearch: Sendable, Hashable {
    public enum Order: String, Sendable, CaseIterable {
        /// Highest score first, then newest.
        case score
        /// Newest first.
        case newest
    }

    public var status: LeadStatus?
    public var source: String?
    public var campaign: String?
    public var owner: String?
    public var rating: LeadRating?
    public var tag: String?
    /// Created on or after.
    public var from: Date?
    /// Created before.
    public var until: Date?
    /// Words to find in name, company, email and enquiry (words, "phrases" and prefix* as people type
    /// them; each store turns them into its own full-text query).
    public var text: String?
    public var order: Order
    public var limit: Int?
    /// How many matches to skip before the first one returned, in `order` (a list's later pages).
    public var offset = 0
    /// Only the leads a person's scope reaches; nil: every lead.
    public var reach: LeadReach?
    /// Only leads nobody owns.
    public var unassigned = false
    /// Only open leads (those a new enquiry from the contact would join).
    public var openOnly = false
    /// Only leads their owner has not opened yet.
    public var unread = false
    /// Only leads given to this team or owned by one of its members (the dashboard's team filter, carried to the
    /// list its bars open).
    public var team: DashboardTeam?
    /// Only leads whose reminder day (`YYYY-MM-DD`) is this day or earlier: the work list's reminders come due,
    /// read through the reminders' index instead of every lead of the owner.
    public var remindBy: String?
    /// Only these leads: My work reads the leads of a salesperson's open tasks (hundreds when they are behind) in
    /// one query instead of one per task.
    public var ids: [Int64]?

    public init(
        status: LeadStatus? = nil, source: String? = nil, campaign: String? = nil, owner: String? = nil,
        rating: LeadRating? = nil, tag: String? = nil, from: Date? = nil, until: Date? = nil, text: String? = nil,
        order: Order = .score, limit: Int? = nil
    ) {
        self.status = status
        self.source = source
        self.campaign = campaign
        self.owner = owner
        self.rating = rating
        self.tag = tag
        self.from = from
        self.until = until
        self.text = text
        self.order = order
        self.limit = limit
    }
}

/// A lead whose intake rules have not yet seen its newest messages.
public struct WorkflowItem: Sendable, Hashable {
    public var lead: Lead
    public var lifecycle: LeadLifecycle
    public var fields: [FormField]
    /// Messages since the rules last looked, oldest first, without their text (empty): the rules read who
    /// wrote what kind of message when, and the enquiries' words through `enquiryText`. A backlog's catch-up
    /// holds a hundred leads' messages at a time, and their texts made its memory peak.
    public var newCommunications: [Communication]
    /// The text of the enquiries on the lead that `scoreMatches` does not cover: all of them when it is nil.
    public var enquiryText: String
    /// What the lead's earlier enquiries matched, as the rules left it (pending leads only; checked against the
    /// history, not yet against the rules' phrases).
    public var scoreMatches: ScoreMatches?
    /// The last enquiry communication on the lead, and how many there are: what new matches will cover.
    public var enquiriesThrough: Int64
    public var enquiryCount: Int
    /// Enquiries after the first.
    public var repeats: Int { max(enquiryCount - 1, 0) }
    /// Whether the rules have never looked at this lead.
    public var isNew: Bool
    public var firstContactAt: Date?
    /// Tracked links in our mail the lead opened, each once (link tracking), which the score counts.
    public var linksClicked = 0

    public init(
        lead: Lead, lifecycle: LeadLifecycle, fields: [FormField], newCommunications: [Communication],
        enquiryText: String, scoreMatches: ScoreMatches?, enquiriesThrough: Int64, enquiryCount: Int, isNew: Bool,
        firstContactAt: Date?
    ) {
        self.lead = lead
        self.lifecycle = lifecycle
        self.fields = fields
        self.newCommunications = newCommunications
        self.enquiryText = enquiryText
        self.scoreMatches = scoreMatches
        self.enquiriesThrough = enquiriesThrough
        self.enquiryCount = enquiryCount
        self.isNew = isNew
        self.firstContactAt = firstContactAt
    }
}

/// How many leads a search matches and their summed value (a list's total, a pipeline column's head).
public struct LeadTally: Sendable, Hashable {
    public var count: Int
    public var value: Double

    public init(count: Int, value: Double) {
        self.count = count
        self.value = value
    }
}
