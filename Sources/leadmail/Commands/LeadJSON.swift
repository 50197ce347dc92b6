import Foundation
import Leads

/// The JSON shape of a lead: a stable interface that scripts read (docs/JSON.md). Add fields; never rename.
struct LeadJSON: Codable {
    var id: Int64
    var number: String
    var name: String?
    var email: String
    var phone: String?
    var company: String?
    var source: String
    var campaign: String?
    var status: String
    var subject: String?
    var enquiry: String
    var createdAt: Date
    var updatedAt: Date
    var communications: [CommunicationJSON]?
    // After intake (set by `withLifecycle`, LeadJSON+Lifecycle.swift).
    var score: Int?
    var rating: String?
    var owner: String?
    var team: String?
    var tags: [String]?
    var rejectReason: String?
    var value: Double?
    var closeDate: String?
    var nurtureUntil: String?
    var remindOn: String?
    var events: [EventJSON]?
    var tasks: [TaskJSON]?

    init(_ lead: Lead) {
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

    static func prettyPrinted<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One entry of a lead's communications log in JSON.
struct CommunicationJSON: Codable {
    var direction: String
    var kind: String
    var date: Date
    var from: String
    var to: String
    var subject: String?
    var messageId: String?
    var status: String
    var detail: String?
    var text: String

    init(_ entry: Communication) {
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
