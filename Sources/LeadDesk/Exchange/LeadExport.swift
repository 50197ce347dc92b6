import Foundation
import LeadStore
import Leads

/// Leads as a spreadsheet for the places people take them: LeadMail itself (a file `leads import` takes back
/// as it was), Salesforce's lead import, or HubSpot's contact import, each with its own column names and values.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Every fact that travels (status, rating, owner, tags, value, dates, the LeadMail ID) under plain names.
    case leadmail
    /// Salesforce's Data Import Wizard for leads: its field labels and the standard picklist values.
    case salesforce
    /// HubSpot's contact import: its default property labels and internal values.
    case hubspot

    /// The header row.
    public var header: [String] {
        switch self {
        case .leadmail:
            [
                "First Name", "Last Name", "Email", "Phone", "Company", "Lead Source", "Campaign", "Lead Status",
                "Rating", "Score", "Lead Owner", "Description", "Created Date", "Tags", "Value", "Close Date",
                "Rejection Reason", "LeadMail ID",
            ]
        case .salesforce:
            [
                "First Name", "Last Name", "Email", "Phone", "Company", "Lead Source", "Lead Status", "Rating",
                "Record Owner", "Description", "Created Date", "Tags", "Amount", "Close Date",
                "Reason Not Converted", "LeadMail ID",
            ]
        case .hubspot:
            [
                "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Original Source", "Lead Status",
                "Lifecycle Stage", "Contact owner", "Message", "Create Date", "Tags", "Amount", "Close Date",
                "Rejection Reason", "LeadMail ID",
            ]
        }
    }

    /// One lead's row, under `header`.
    public func row(_ listing: LeadListing, values: ExportValues = ExportValues()) -> [String] {
        let lead = listing.lead
        let life = listing.lifecycle
        let (first, last) = Self.split(lead.name)
        let tags = life.tags.joined(separator: "; ")
        let value = life.value.map(StatusChange.amount) ?? ""
        let created = lead.createdAt.formatted(.iso8601)
        switch self {
        case .leadmail:
            return [
                first, last ?? "", lead.email, lead.phone ?? "", lead.company ?? "", lead.source,
                lead.campaign ?? "", lead.status.rawValue, life.rating?.rawValue ?? "", "\(life.score)",
                life.owner ?? "", lead.enquiry, created, tags, value, life.closeDate ?? "", life.rejectReason ?? "",
                lead.number,
            ]
        case .salesforce:
            // Salesforce requires Last Name and Company; it writes "[not provided]" where they are unknown too.
            return [
                first, last ?? ExportValues.notProvided, lead.email, lead.phone ?? "",
                lead.company ?? ExportValues.notProvided, lead.source, values.salesforceStatus[lead.status] ?? "",
                life.rating.flatMap { values.temperature[$0] } ?? "", life.owner ?? "", lead.enquiry, created, tags,
                value, life.closeDate ?? "", life.rejectReason ?? "", lead.number,
            ]
        case .hubspot:
            return [
                first, last ?? "", lead.email, lead.phone ?? "", lead.company ?? "", lead.source,
                values.hubspotStatus[lead.status] ?? "", values.hubspotStage[lead.status] ?? "", life.owner ?? "",
                lead.enquiry, created, tags, value, life.closeDate ?? "", life.rejectReason ?? "", lead.number,
            ]
        }
    }

    /// A CRM needs a last name: "Jane Okafor" → ("Jane", "Okafor"); one word is the last name.
    static func split(_ name: String?) -> (String, String?) {
        guard let name, !name.isEmpty else { return ("", nil) }
        let words = name.split(separator: " ")
        guard words.count > 1 else { return ("", name) }
        return (words.dropLast().joined(separator: " "), String(words.last!))
    }
}

/// How LeadMail's statuses and ratings are written for another system's picklists. The defaults are the values
/// a new Salesforce org and HubSpot portal have; an organisation with its own picklist values changes them here.
public struct ExportValues: Sendable, Hashable {
    /// Salesforce's placeholder for a required field nobody gave; an import never takes it for data.
    public static let notProvided = "[not provided]"

    /// Salesforce's standard Lead Status picklist.
    public var salesforceStatus: [LeadStatus: String] = [
        .new: "Open - Not Contacted", .contacted: "Working - Contacted", .qualified: "Working - Contacted",
        .nurture: "Working - Contacted", .converted: "Closed - Converted", .rejected: "Closed - Not Converted",
    ]
    /// Salesforce's Rating picklist: A large project is hot, B warm, C and D cold.
    public var temperature: [LeadRating: String] = [.a: "Hot", .b: "Warm", .c: "Cold", .d: "Cold"]
    /// HubSpot's Lead Status property (`hs_lead_status`).
    public var hubspotStatus: [LeadStatus: String] = [
        .new: "NEW", .contacted: "CONNECTED", .qualified: "OPEN_DEAL", .nurture: "BAD_TIMING",
        .converted: "OPEN_DEAL", .rejected: "UNQUALIFIED",
    ]
    /// HubSpot's Lifecycle Stage property.
    public var hubspotStage: [LeadStatus: String] = [
        .new: "lead", .contacted: "lead", .qualified: "salesqualifiedlead", .nurture: "lead",
        .converted: "opportunity", .rejected: "other",
    ]

    public init() {}
}
