import Foundation
import Leads
import Templates

/// The values a reply template may use for a lead (templates/README.md, `TemplateContext.variables`), made in one
/// place for intake's automatic replies and for people's letters written from a template, so both render the
/// same words for the same lead.
public struct LeadTemplateValues: Sendable, Hashable {
    /// Our company's name, phone and website (leadmail.yml's `company`).
    public var ourCompany: String
    public var ourPhone: String?
    public var ourWebsite: String?
    /// Who signs: the sales address's name for automatic replies, the writer for a letter.
    public var senderName: String

    public init(ourCompany: String, ourPhone: String? = nil, ourWebsite: String? = nil, senderName: String) {
        self.ourCompany = ourCompany
        self.ourPhone = ourPhone
        self.ourWebsite = ourWebsite
        self.senderName = senderName
    }

    /// The context for `lead`, whose enquiry is `enquiry`, written on `enquiryDate` (already formatted for people).
    /// - Parameter owner: the lead's owner, when the template should name them.
    public func context(lead: Lead, enquiry: Enquiry, enquiryDate: String, owner: (name: String?, email: String)? = nil)
        -> TemplateContext
    {
        let values: [String: String?] = [
            "name": lead.name, "firstName": lead.firstName ?? lead.name, "email": lead.email, "phone": lead.phone,
            "company": lead.company, "source": lead.source, "campaign": lead.campaign, "leadNumber": lead.number,
            "enquirySubject": enquiry.subject, "enquiryDate": enquiryDate, "enquiryExcerpt": enquiry.excerpt(),
            "ownerName": owner?.name, "ownerEmail": owner?.email, "ownerPhone": nil, "ourCompany": ourCompany,
            "ourPhone": ourPhone, "ourWebsite": ourWebsite, "senderName": senderName,
        ]
        return TemplateContext(values.compactMapValues { $0 })
    }
}
