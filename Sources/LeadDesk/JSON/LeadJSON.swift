import Foundation
import LeadStore
import Leads

// The JSON shapes of leads, tasks and report lines: a stable interface that scripts read (docs/JSON.md), served
// alike by the command line and the web workspace. Add fields; never rename.

/// The JSON shape of a lead: a stable interface that scripts read (docs/JSON.md). Add fields; never rename.
public struct LeadJSON: Codable {
    public var id: Int64
    public var number: String
    public var name: String?
    public var email: String
    public var phone: String?
    public var company: String?
    public var source: String
    public var campaign: String?
    public var status: String
    public var subject: String?
    public var enquiry: String
    public var createdAt: Date
    public var updatedAt: Date
    public var communications: [CommunicationJSON]?
    // After intake (from the lead's lifecycle: `init(_ listing:)`).
    public var score: Int?
    public var rating: String?
    public var owner: String?
    public var team: String?
    public var tags: [String]?
    public var rejectReason: String?
    public var value: Double?
    public var closeDate: String?
    public var nurtureUntil: String?
    public var remindOn: String?
    public var events: [EventJSON]?
    public var tasks: [TaskJSON]?

    public init(_ lead: Lead) {
        id = lead.id
        number = lead.number
        name = lead.name
        email = lead.email
        phone = lead.phone
        company = lead.company
        source = lead.source
        campaign = lead.campaign
        status = lead.status.rawValue
        subject = lead.subject
        enquiry = lead.enquiry
        createdAt = lead.createdAt
        updatedAt = lead.updatedAt
    }

    public static func prettyPrinted<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One entry of a lead's communications log in JSON.
public struct CommunicationJSON: Codable {
    public var direction: String
    public var kind: String
    public var date: Date
    public var from: String
    public var to: String
    public var subject: String?
    public var messageId: String?
    public var status: String
    public var detail: String?
    public var text: String

    public init(_ entry: Communication) {
        direction = entry.direction.rawValue
        kind = entry.kind.rawValue
        date = entry.date
        from = entry.from
        to = entry.to
        subject = entry.subject
        messageId = entry.messageID
        status = entry.status.rawValue
        detail = entry.detail
        text = entry.text
    }
}

extension LeadJSON {
    /// The lead with its score, rating, owner, tags and closing details (docs/JSON.md).
    public init(_ listing: LeadListing) {
        self.init(listing.lead)
        let lifecycle = listing.lifecycle
        score = lifecycle.score
        rating = lifecycle.rating?.rawValue
        owner = lifecycle.owner
        team = lifecycle.team
        tags = lifecycle.tags
        rejectReason = lifecycle.rejectReason
        value = lifecycle.value
        closeDate = lifecycle.closeDate
        nurtureUntil = lifecycle.nurtureUntil
        remindOn = lifecycle.remindOn
    }
}

/// One entry of a lead's work log in JSON.
public struct EventJSON: Codable {
    public var date: Date
    public var by: String
    public var kind: String
    public var text: String

    public init(_ event: LeadEvent) {
        date = event.date
        by = event.by
        kind = event.kind.rawValue
        text = event.text
    }
}

/// A task in JSON (`leads due --json`, `leads show --json`).
public struct TaskJSON: Codable {
    public var id: Int64
    public var leadId: Int64
    public var kind: String
    public var due: String
    public var owner: String?
    public var followUp: Bool
    public var overdue: Bool
    public var doneAt: Date?
    public var doneBy: String?
    public var name: String?
    public var email: String?
    public var phone: String?

    public init(_ task: FollowUpTask, lead: Lead?, today: String) {
        id = task.id
        leadId = task.leadID
        kind = task.kind.rawValue
        due = task.due
        owner = task.owner
        followUp = task.isFollowUp
        overdue = task.isOpen && task.due < today
        doneAt = task.doneAt
        doneBy = task.doneBy
        name = lead?.name
        email = lead?.email
        phone = lead?.phone
    }
}

/// One line of `report --format json` (docs/JSON.md).
public struct ReportLineJSON: Codable {
    public var source: String
    public var campaign: String?
    public var leads: Int
    public var rated: [String: Int]
    public var qualified: Int
    public var converted: Int
    public var convertedValue: Double
    public var rejected: [String: Int]
    public var medianFirstReplySeconds: Double?
    public var medianFirstContactSeconds: Double?
    public var conversionRate: Double

    public init(_ line: LeadReport.Line) {
        source = line.source
        campaign = line.campaign
        leads = line.leads
        rated = line.rated
        qualified = line.qualified
        converted = line.converted
        convertedValue = line.convertedValue
        rejected = line.rejected
        medianFirstReplySeconds = line.medianFirstReplySeconds
        medianFirstContactSeconds = line.medianFirstContactSeconds
        conversionRate = line.conversionRate
    }
}
