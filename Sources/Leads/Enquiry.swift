import Foundation

/// Who is asking, as far as the message tells.
public struct ContactDetails: Sendable, Hashable, Codable {
    public var name: String?
    /// As written by the enquirer; compare with `EmailAddress.normalised(_:)`.
    public var email: String
    public var phone: String?
    public var company: String?

    public init(name: String? = nil, email: String, phone: String? = nil, company: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
    }
}

/// One `Key: value` field of a web-form notification that has no column of its own (country, budget, …).
public struct FormField: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What an inbound message asks, reduced to what a salesperson needs: the contact, the words, where it came from.
public struct Enquiry: Sendable, Hashable {
    public var contact: ContactDetails
    public var subject: String?
    /// The enquirer's own words: the form's message, or the body without quoted history and signature.
    public var text: String
    /// Form fields beyond name, email, phone, company and message, in the order they came.
    public var extraFields: [FormField]
    /// True when the details came from a web-form notification body rather than the headers.
    public var isFormSubmission: Bool
    public var source: String
    public var campaign: String?

    public init(
        contact: ContactDetails, subject: String?, text: String, extraFields: [FormField] = [],
        isFormSubmission: Bool = false, source: String, campaign: String? = nil
    ) {
        self.contact = contact
        self.subject = subject
        self.text = text
        self.extraFields = extraFields
        self.isFormSubmission = isFormSubmission
        self.source = source
        self.campaign = campaign
    }

    /// The first `limit` characters of the text on one line, for notifications and template excerpts.
    public func excerpt(limit: Int = 280) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard oneLine.count > limit else { return oneLine }
        let cut = oneLine.prefix(limit)
        let endsAtWord = oneLine[cut.endIndex] == " "
        let atWord = endsAtWord ? cut : cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }
}
