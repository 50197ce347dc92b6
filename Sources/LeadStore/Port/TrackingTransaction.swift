import Foundation
import Leads

/// A tracked link as stored: the lead whose mail carried it, where it leads, and how often it was opened.
public struct StoredTrackedLink: Sendable, Hashable {
    public var token: String
    public var leadID: Int64
    public var url: String
    public var label: String
    public var clicks: Int

    public init(token: String, leadID: Int64, url: String, label: String, clicks: Int) {
        self.token = token
        self.leadID = leadID
        self.url = url
        self.label = label
        self.clicks = clicks
    }
}

/// The clicks on tracked links of one campaign's leads (nil: leads without a campaign) in a period.
public struct CampaignClicks: Sendable, Hashable {
    public var campaign: String?
    public var clicks: Int
    /// How many leads clicked at least once.
    public var leads: Int

    public init(campaign: String?, clicks: Int, leads: Int) {
        self.campaign = campaign
        self.clicks = clicks
        self.leads = leads
    }
}

/// What `LeadTransaction` offers link tracking (SQLite v14-link-tracking, PostgreSQL v3-link-tracking). The links
/// themselves are written with the mail that carries them (`OutgoingMail.trackedLinks`, when it is queued).
public protocol TrackingTransaction {
    /// The link with this token, nil for an unknown one.
    func trackedLink(token: String) throws -> StoredTrackedLink?
    /// Notes a click on the link; returns how many clicks it has now (1 for the first).
    func recordClick(token: String, at now: Date) throws -> Int
    /// Clicks per campaign of the clicked leads, in `[from, until)`, most clicks first.
    func clicksByCampaign(from: Date?, until: Date?) throws -> [CampaignClicks]
}
