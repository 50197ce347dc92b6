import Foundation
import MIME

/// Who is asking, as far as the message tells.
public struct ContactDetails: Sendable, Hashable, Codable {
    public var name: String?
    /// As written by the enquirer; compare with `EmailAddress.normalised(_:)`.
    public var email: String
    public var phone: String?
    public var company: String?
    /// From a form's job-title field or the signature ("Head of Procurement").
    public var jobTitle: String?
    /// `phone` in E.164 (`+441614960753`), for matching contacts; nil when it could not be normalised.
    public var phoneE164: String?
    /// The key this contact is matched under (see `ContactMatching`); nil: the case-folded address.
    public var matchKey: String?

    public init(
        name: String? = nil, email: String, phone: String? = nil, company: String? = nil, jobTitle: String? = nil,
        phoneE164: String? = nil
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
        self.jobTitle = jobTitle
        self.phoneE164 = phoneE164
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
    /// The staff member who forwarded the enquiry to the inbox (the lead's owner to be), nil for direct mail.
    public var forwardedBy: MailAddress?
    /// What the forwarding staff member wrote above the forward, without their signature; nil when none.
    public var staffNote: String?

    /// True when a colleague forwarded the enquiry and the contact is the original writer.
    public var isForward: Bool { forwardedBy != nil }

    public init(
        contact: ContactDetails, subject: String?, text: String, extraFields: [FormField] = [],
        isFormSubmission: Bool = false, source: String, campaign: String? = nil, forwardedBy: MailAddress? = nil,
        staffNote: String? = nil
    ) {
        self.forwardedBy = forwardedBy
        self.staffNote = staffNote
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
        if text.utf8IsASCII { return Self.asciiExcerpt(of: text, limit: limit) }
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard oneLine.count > limit else { return oneLine }
        let cut = oneLine.prefix(limit)
        let endsAtWord = oneLine[cut.endIndex] == " "
        let atWord = endsAtWord ? cut : cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord + "…"
    }

    /// `excerpt` for ASCII text (most enquiries), on its bytes: every Character is a byte, and the line breaks are
    /// the bytes from line feed to carriage return (CR LF being one Character changes nothing, as runs of breaks
    /// become one space). Built up to `limit` + 1 bytes instead of splitting and joining the whole text.
    private static func asciiExcerpt(of text: String, limit: Int) -> String {
        var line: [UInt8] = []
        line.reserveCapacity(min(text.utf8.count, limit + 1))
        var spaceIsDue = false
        for byte in text.utf8 {
            // Past the limit nothing more is appended: the rest of a long text is not read.
            if line.count > limit { break }
            if (0x0A...0x0D).contains(byte) {
                spaceIsDue = !line.isEmpty
                continue
            }
            if spaceIsDue {
                line.append(UInt8(ascii: " "))
                spaceIsDue = false
                if line.count > limit { break }
            }
            line.append(byte)
        }
        guard line.count > limit else { return String(decoding: line, as: UTF8.self) }
        let cut = line[..<limit]
        let atWord =
            line[limit] == UInt8(ascii: " ")
            ? cut : cut.lastIndex(of: UInt8(ascii: " ")).map { cut[..<$0] } ?? cut
        return String(decoding: atWord, as: UTF8.self) + "…"
    }
}
