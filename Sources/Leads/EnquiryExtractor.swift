import Foundation
import MIME

/// Turns a parsed message into an `Enquiry`: who is asking, in their own words, from which source.
///
/// The contact comes from the headers (Reply-To before From, since web forms and many shops send on the
/// enquirer's behalf), and a web-form body's `Name:` / `Email:` / `Phone:` / `Company:` fields override them.
public struct EnquiryExtractor: Sendable {
    public var classifier: SourceClassifier
    public var policy: ReplyPolicy

    public init(classifier: SourceClassifier, policy: ReplyPolicy) {
        self.classifier = classifier
        self.policy = policy
    }

    /// The enquiry in a message, or nil when no usable enquirer address can be found.
    public func enquiry(from message: Message) -> Enquiry? {
        let (source, campaign) = classifier.classify(message)
        let body = message.text ?? ""
        let form = FormNotification(text: body)

        let headerContact = message.replyTo.first { !policy.isOurs($0.address) } ?? message.from.first
        var contact: ContactDetails?
        if let headerContact, EmailAddress.isPlausible(headerContact.address) {
            contact = ContactDetails(name: PersonName.clean(headerContact.name), email: headerContact.address)
        }
        var text: String
        if let form {
            if let email = form.value(.email), EmailAddress.isPlausible(email) {
                // The form's own Email field is the enquirer; the header name then belongs to the website.
                let headerIsSameAddress = contact.map {
                    EmailAddress.normalised($0.email) == EmailAddress.normalised(email)
                } ?? false
                contact = ContactDetails(name: headerIsSameAddress ? contact?.name : nil, email: email)
            }
            if let name = PersonName.clean(form.name) { contact?.name = name }
            contact?.phone = form.value(.phone)
            contact?.company = form.value(.company)
            text = form.value(.message).map(EnquiryText.ownWords(in:)) ?? EnquiryText.ownWords(in: body)
        } else {
            text = EnquiryText.ownWords(in: body)
        }
        guard var found = contact else { return nil }
        if found.phone == nil {
            found.phone = PhoneNumber.first(in: EnquiryText.signature(in: body))
        }
        if text.isEmpty { text = message.subject ?? "" }
        return Enquiry(
            contact: found, subject: message.subject, text: text, extraFields: form?.extraFields ?? [],
            isFormSubmission: form != nil, source: source, campaign: campaign)
    }
}
