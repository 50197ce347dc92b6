import Foundation
import LeadStore
import Leads

// The JSON shapes of leads, tasks and report lines: a stable interface that scripts read (docs/JSON.md), served
// alike by the command line and the web workspace. Add fields; never rename. A field with no value is written as
// `null`, never left out, so that `lead["phone"]` works in every script.

/// The JSON shape of a lead: a stable interface that scripts read (docs/JSON.md). Add fields; never rename.
public struct LeadJSON: Codable {
    public var id: Int64
    public var number: String
    public var name: String?
    public var email: String
    public var phone: String?
    /// The phone in E.164 (`+441614960753`), read with the configured default country; null when unreadable.
    public var phoneE164: String?
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

    /// - Parameter defaultCountry: the country of numbers written without a calling code (`intake.defaultCountry`).
    public init(_ lead: Lead, defaultCountry: String = "") {
        id = lead.id
        number = lead.number
        name = lead.name
        email = lead.email
        phone = lead.phone
        phoneE164 = lead.phone.flatMap { PhoneNumber.e164($0, defaultCountry: defaultCountry) }
        company = lead.company
        source = lead.source
        campaign = lead.campaign
        status = lead.status.rawValue
        subject = lead.subject
        enquiry = lead.enquiry
        createdAt = lead.createdAt
        updatedAt = lead.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, number, name, email, phone, phoneE164, company, source, campaign, status, subject, enquiry
        case createdAt, updatedAt, communications, score, rating, owner, team, tags, rejectReason, value, closeDate
        case nurtureUntil, remindOn, events, tasks
    }

    /// Every field of a lead, `null` where unknown; the log, work log and tasks only in `leads show`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(phone, forKey: .phone)
        try container.encode(phoneE164, forKey: .phoneE164)
        try container.encode(company, forKey: .company)
        try container.encode(source, forKey: .source)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(status, forKey: .status)
        try container.encode(subject, forKey: .subject)
        try container.encode(enquiry, forKey: .enquiry)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(score, forKey: .score)
        try container.encode(rating, forKey: .rating)
        try container.encode(owner, forKey: .owner)
        try container.encode(team, forKey: .team)
        try container.encode(tags ?? [], forKey: .tags)
        try container.encode(rejectReason, forKey: .rejectReason)
        try container.encode(value, forKey: .value)
        try container.encode(closeDate, forKey: .closeDate)
        try container.encode(nurtureUntil, forKey: .nurtureUntil)
        try container.encode(remindOn, forKey: .remindOn)
        try container.encodeIfPresent(communications, forKey: .communications)
        try container.encodeIfPresent(events, forKey: .events)
        try container.encodeIfPresent(tasks, forKey: .tasks)
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

    enum CodingKeys: String, CodingKey {
        case direction, kind, date, from, to, subject, messageId, status, detail, text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(direction, forKey: .direction)
        try container.encode(kind, forKey: .kind)
        try container.encode(date, forKey: .date)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(messageId, forKey: .messageId)
        try container.encode(status, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(text, forKey: .text)
    }

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
    public init(_ listing: LeadListing, defaultCountry: String = "") {
        self.init(listing.lead, defaultCountry: defaultCountry)
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

    enum CodingKeys: String, CodingKey {
        case id, leadId, kind, due, owner, followUp, overdue, doneAt, doneBy, name, email, phone
    }

    /// Every field, `null` where unknown; the lead's name, email and phone only where the task list adds them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(leadId, forKey: .leadId)
        try container.encode(kind, forKey: .kind)
        try container.encode(due, forKey: .due)
        try container.encode(owner, forKey: .owner)
        try container.encode(followUp, forKey: .followUp)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(doneAt, forKey: .doneAt)
        try container.encode(doneBy, forKey: .doneBy)
        if let email {
            try container.encode(name, forKey: .name)
            try container.encode(email, forKey: .email)
            try container.encode(phone, forKey: .phone)
        }
    }

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

    enum CodingKeys: String, CodingKey {
        case source, campaign, leads, rated, qualified, converted, convertedValue, rejected
        case medianFirstReplySeconds, medianFirstContactSeconds, conversionRate
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(leads, forKey: .leads)
        try container.encode(rated, forKey: .rated)
        try container.encode(qualified, forKey: .qualified)
        try container.encode(converted, forKey: .converted)
        try container.encode(convertedValue, forKey: .convertedValue)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(medianFirstReplySeconds, forKey: .medianFirstReplySeconds)
        try container.encode(medianFirstContactSeconds, forKey: .medianFirstContactSeconds)
        try container.encode(conversionRate, forKey: .conversionRate)
    }

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
