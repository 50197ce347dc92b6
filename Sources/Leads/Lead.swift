import Foundation

/// Where a lead stands in the sales process.
///
/// The lifecycle follows the lead-management practice of Sage, Dynamics and Zoho: a lead is worked until it is
/// converted into an opportunity or rejected with a reason; `nurture` parks an interested lead for later.
public enum LeadStatus: String, Sendable, Codable, CaseIterable {
    case new, contacted, qualified, converted, rejected, nurture

    /// Whether a new enquiry from the same contact belongs on this lead (open) or opens a new one (closed).
    public var isOpen: Bool {
        switch self {
        case .new, .contacted, .qualified, .nurture: true
        case .converted, .rejected: false
        }
    }
}

/// A person or company that has shown interest, with the details they gave and where they came from.
public struct Lead: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var contactID: Int64
    public var name: String?
    public var email: String
    public var phone: String?
    public var company: String?
    public var source: String
    public var campaign: String?
    public var status: LeadStatus
    /// The first enquiry's subject, for lists.
    public var subject: String?
    /// The first enquiry's text, without quoted history or signature.
    public var enquiry: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, contactID: Int64, name: String?, email: String, phone: String?, company: String?,
        source: String, campaign: String?, status: LeadStatus, subject: String?, enquiry: String,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.contactID = contactID
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
        self.source = source
        self.campaign = campaign
        self.status = status
        self.subject = subject
        self.enquiry = enquiry
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The number people quote on the phone and in subjects, e.g. `L17`.
    public var number: String { "L\(id)" }

    /// The given name for a greeting: the first word of the name, or nil when the name is unknown.
    public var firstName: String? { name.flatMap(PersonName.firstName(of:)) }
}
