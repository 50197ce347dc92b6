import Foundation
import MIME

/// Turns a parsed message into an `Enquiry`: who is asking, in their own words, from which source.
///
/// The contact comes from the headers (Reply-To before From, since web forms and many shops send on the
/// enquirer's behalf), and a web-form body's fields override them: `Name:` / `Email:` lines, HTML tables, or the
/// label-and-answer paragraphs of Typeform and HubSpot. A colleague's forward (`ReplyPolicy.staffDomains`) is
/// read for the original writer, with the colleague as `forwardedBy` and their note as `staffNote`. Phone,
/// company and job title fall back to the signature block.
public struct EnquiryExtractor: Sendable {
    public var classifier: SourceClassifier
    public var policy: ReplyPolicy
    /// The country whose national numbers ("020 7946 0321") people write without a calling code; nil to
    /// normalise only international numbers and those whose email domain names a country.
    public var defaultCountry: String?

    public init(classifier: SourceClassifier, policy: ReplyPolicy, defaultCountry: String? = nil) {
        self.classifier = classifier
        self.policy = policy
        self.defaultCountry = defaultCountry
    }

    /// The enquiry in a message (the first, when a colleague forwarded several), or nil when no usable enquirer
    /// address can be found.
    public func enquiry(from message: Message) -> Enquiry? {
        enquiries(from: message).first
    }

    /// Every enquiry in a message: one for a direct message or form, one per forwarded message when a colleague
    /// forwards several (attached `message/rfc822` parts).
    public func enquiries(from message: Message) -> [Enquiry] {
        if let sender = message.from.first, policy.isColleague(sender.address) {
            let forwards = ForwardedMessage.extract(from: message).filter { forward in
                forward.from.map { !policy.isColleague($0.address) && !policy.isOurs($0.address) } ?? false
            }
            if !forwards.isEmpty {
                return forwards.compactMap { forwardedEnquiry($0, by: sender, in: message) }
            }
        }
        guard var found = directEnquiry(from: message) else { return [] }
        if let sender = message.from.first, policy.isColleague(sender.address),
           EmailAddress.normalised(sender.address) != EmailAddress.normalised(found.contact.email) {
            // A colleague typing up an enquiry ("Name: … Email: …") passes it on just as a forward does.
            found.forwardedBy = sender
        }
        return [found]
    }

    /// The enquiry in a message as it stands: headers, then form fields, then signature.
    func directEnquiry(from message: Message) -> Enquiry? {
        let (source, campaign) = classifier.classify(message)
        let headerContact = message.replyTo.first { !policy.isOurs($0.address) } ?? message.from.first
        var contact: ContactDetails?
        if let headerContact, EmailAddress.isPlausible(headerContact.address) {
            contact = ContactDetails(name: PersonName.clean(headerContact.name), email: headerContact.address)
        }
        return enquiry(body: message.text ?? "", html: message.html, contact: contact, subject: message.subject,
                       source: source, campaign: campaign)
    }

    /// The enquiry in one forwarded message, for the original writer.
    func forwardedEnquiry(_ forward: ForwardedMessage, by colleague: MailAddress, in message: Message) -> Enquiry? {
        guard let writer = forward.from, EmailAddress.isPlausible(writer.address) else { return nil }
        let subject = forward.subject ?? ""
        let original = Message(
            headers: HeaderFields([
                HeaderField(name: "From", value: writer.description, rawValue: Array(writer.description.utf8)),
                HeaderField(name: "Subject", value: subject, rawValue: Array(subject.utf8)),
            ]),
            from: [writer], to: forward.to, cc: forward.cc, subject: forward.subject, date: forward.date,
            root: message.root, text: forward.text)
        let rule = classifier.classify(original)
        let matched = classifier.rules.contains { $0.matches(original) }
        let contact = ContactDetails(name: PersonName.clean(writer.name), email: writer.address)
        guard var found = enquiry(
            body: Self.withoutSignature(of: colleague, in: forward.text), html: nil, contact: contact,
            subject: forward.subject ?? message.subject,
            source: matched ? rule.source : "forwarded", campaign: matched ? rule.campaign : nil)
        else { return nil }
        found.forwardedBy = colleague
        let note = EnquiryText.enquiry(in: forward.note)
        found.staffNote = note.isEmpty ? nil : note
        return found
    }

    /// The enquiry in a body, starting from the contact the headers give.
    func enquiry(
        body: String, html: String?, contact headerContact: ContactDetails?, subject: String?, source: String,
        campaign: String?
    ) -> Enquiry? {
        var contact = headerContact
        let form = FormNotification(text: body) ?? html.flatMap(FormNotification.init(html:))
            ?? FormNotification(labelledParagraphs: body)
        var text: String
        let own = EnquiryText.ownWords(in: body)
        if let form {
            if let email = form.value(.email).map(Self.bareAddress), EmailAddress.isPlausible(email) {
                // The form's own Email field is the enquirer; the header name then belongs to the website.
                let headerIsSameAddress = contact.map {
                    EmailAddress.normalised($0.email) == EmailAddress.normalised(email)
                } ?? false
                contact = ContactDetails(name: headerIsSameAddress ? contact?.name : nil, email: email)
            }
            if let name = PersonName.clean(form.name) { contact?.name = name }
            contact?.phone = form.value(.phone)
            contact?.company = form.value(.company)
            contact?.jobTitle = form.value(.jobTitle)
            text = form.value(.message).map { EnquiryText.enquiry(in: $0) } ?? EnquiryText.enquiry(in: body, ownWords: own)
        } else {
            text = EnquiryText.enquiry(in: body, ownWords: own)
        }
        guard var found = contact else { return nil }
        let signature = SignatureDetails(lines: EnquiryText.signatureLines(in: body, ownWords: own), name: found.name)
        found.phone = found.phone ?? signature.phone
        found.company = found.company ?? signature.company
        found.jobTitle = found.jobTitle ?? signature.jobTitle
        found.phoneE164 = found.phone.flatMap { phone in
            PhoneNumber.e164(phone, defaultCountry: Self.country(of: found.email) ?? defaultCountry ?? "")
        }
        if text.isEmpty { text = subject ?? "" }
        return Enquiry(
            contact: found, subject: subject, text: text, extraFields: form?.extraFields ?? [],
            isFormSubmission: form != nil, source: source, campaign: campaign)
    }

    /// The forwarded text without the colleague's own signature, which Thunderbird and others put below the
    /// forwarded message: the last `-- ` block, when it names the colleague.
    static func withoutSignature(of colleague: MailAddress, in text: String) -> String {
        let lines = text.linesSplitAtLineFeed
        guard let separator = lines.lastIndex(where: EnquiryText.isSignatureSeparator) else { return text }
        let block = lines[separator...].joined(separator: "\n").lowercased()
        let names = [colleague.name, colleague.address.split(separator: "@").first.map(String.init)]
            .compactMap { $0?.lowercased() }
        let namesColleague = names.contains { !$0.isEmpty && block.contains($0) }
        guard namesColleague || block.contains(colleague.address.lowercased()) else { return text }
        return lines[..<separator].joined(separator: "\n")
    }

    /// "jane@x.example" from a form value written as "Jane <jane@x.example>" or "mailto:jane@x.example".
    static func bareAddress(_ value: String) -> String {
        var address = value.trimmingSpaces()
        if let open = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: "<") }),
           let close = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: ">") }), open < close {
            address = String(address[address.index(after: open)..<close])
        }
        if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
        return address
    }

    /// The country an address's domain names (`.de` → DE, `.co.uk` → GB), when the calling-code table has it.
    static func country(of address: String) -> String? {
        guard let dot = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: ".") }) else { return nil }
        let tld = address[address.index(after: dot)...].uppercased()
        guard tld.count == 2 else { return nil }
        return CallingCode.forCountry(tld)?.country
    }
}
