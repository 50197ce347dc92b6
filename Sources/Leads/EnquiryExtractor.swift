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
            let forwards = ForwardedMessage.extract(from: message).compactMap { forward -> ForwardedMessage? in
                var forward = forward
                if forward.from == nil { forward.from = unaddressedWriter(of: forward) }
                guard let writer = forward.from, !policy.isColleague(writer.address), !policy.isOurs(writer.address)
                else { return nil }
                return forward
            }
            if !forwards.isEmpty {
                return forwards.compactMap { forwardedEnquiry($0, by: sender, in: message) }
            }
        }
        guard var found = directEnquiry(from: message) else { return [] }
        if let sender = message.from.first, policy.isColleague(sender.address),
            EmailAddress.normalised(sender.address) != EmailAddress.normalised(found.contact.email)
        {
            // A colleague typing up an enquiry ("Name: … Email: …") passes it on just as a forward does.
            found.forwardedBy = sender
        }
        return [found]
    }

    /// The enquiry in a message as it stands: headers, then form fields, then signature.
    func directEnquiry(from message: Message) -> Enquiry? {
        directReading(of: message).enquiry
    }

    /// Why a message that may start a lead holds no enquiry (no usable address to answer), for the log; nil when
    /// it holds one.
    public func whyNoEnquiry(in message: Message) -> String? {
        guard enquiries(from: message).isEmpty else { return nil }
        return directReading(of: message).refusal ?? "no usable address of the enquirer in Reply-To, From or the form"
    }

    /// The enquiry of `directEnquiry`, or why there is none.
    private func directReading(of message: Message) -> (enquiry: Enquiry?, refusal: String?) {
        let (source, campaign) = classifier.classify(message)
        // Reply-To before From; a Reply-To that is no usable address (an encoded word, two addresses) or ours
        // gives way to From.
        let headerContact = (message.replyTo + message.from.prefix(1)).lazy.compactMap { written in
            (try? contactAddress(written.address).get()).map {
                ContactDetails(name: PersonName.clean(written.name), email: $0)
            }
        }.first
        return enquiry(
            body: message.text ?? "", html: message.html, contact: headerContact,
            sentOnBehalf: isSentOnBehalf(message), subject: message.subject, source: source,
            campaign: campaign)
    }

    /// The one check of an address that may become a lead's and receive its reply: one well-formed mailbox
    /// (`EmailAddress.checked`), neither ours (a shared address or a colleague's) nor a form sender's.
    public func contactAddress(_ written: String) -> Result<String, EmailAddress.Unusable> {
        EmailAddress.checked(written).flatMap { address in
            let normalised = EmailAddress.normalised(address)
            if policy.isFormSender(normalised) {
                return .failure(.init(address: written, problem: "it is a form sender, which writes for others"))
            }
            if policy.isOurs(normalised) {
                return .failure(.init(address: written, problem: "it is one of our own addresses"))
            }
            return .success(address)
        }
    }

    /// Whether the message was sent on someone else's behalf, so that a form in its body names the enquirer: a
    /// form sender, one of our addresses or colleagues, a robot mailbox or a form plugin's notification.
    /// Otherwise the body is a person's own mail, and an address in it (a signature, "Email: …") is not where
    /// the reply goes.
    func isSentOnBehalf(_ message: Message) -> Bool {
        guard let sender = message.from.first else { return true }
        let address = EmailAddress.normalised(sender.address)
        return policy.isFormSender(address) || policy.isOurs(address) || ReplyPolicy.isRobotMailbox(address)
            || (try? EmailAddress.checked(address).get()) == nil
            || FormNotification.contactForm7Footers.contains { (message.text ?? "").utf8Contains($0) }
    }

    /// The enquiry in one forwarded message, for the original writer.
    func forwardedEnquiry(_ forward: ForwardedMessage, by colleague: MailAddress, in message: Message) -> Enquiry? {
        guard let writer = forward.from, let address = try? contactAddress(writer.address).get() else { return nil }
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
        let contact = ContactDetails(name: PersonName.clean(writer.name), email: address)
        guard
            var found = enquiry(
                body: Self.withoutSignature(of: colleague, in: forward.text), html: nil, contact: contact,
                sentOnBehalf: false, subject: forward.subject ?? message.subject,
                source: matched ? rule.source : "forwarded", campaign: matched ? rule.campaign : nil
            ).enquiry
        else { return nil }
        found.forwardedBy = colleague
        let note = EnquiryText.enquiry(in: forward.note)
        found.staffNote = note.isEmpty ? nil : note
        return found
    }

    /// A form whose text part is only a stub ("This message is in HTML"), read from its HTML part as text: its
    /// `Label: value` lines, or labels and answers on lines of their own (`<dt>`/`<dd>`, `<b>Label</b><br>…`).
    static func formInHTMLText(_ html: String) -> FormNotification? {
        let text = HTMLText.plainText(fromHTML: html)
        return FormNotification(text: text) ?? FormNotification(labelledLines: text)
    }

    /// The enquiry in a body, starting from the contact the headers give, or why there is none.
    /// - Parameter sentOnBehalf: the body's form names the enquirer (`isSentOnBehalf`); otherwise an address in
    ///   it is only recorded among the extra fields.
    func enquiry(
        body: String, html: String?, contact headerContact: ContactDetails?, sentOnBehalf: Bool, subject: String?,
        source: String, campaign: String?
    ) -> (enquiry: Enquiry?, refusal: String?) {
        var contact = headerContact
        let lines = FormNotification(text: body)
        let form =
            lines ?? html.flatMap(FormNotification.init(html:)) ?? FormNotification(labelledParagraphs: body)
            // Only when a website sent it: a person's HTML is not read twice.
            ?? (sentOnBehalf || headerContact == nil ? html.flatMap(Self.formInHTMLText) : nil)
        // An HTML table or Typeform's labelled paragraphs are a form service's layout, never a person's own mail;
        // `Key: value` lines can be a signature.
        let sentOnBehalf = sentOnBehalf || (form != nil && lines == nil)
        var text: String
        var otherAddresses: [FormField] = []
        let own = EnquiryText.ownWords(in: body)
        if let form {
            if let written = form.value(.email).map(Self.bareAddress) {
                let headerIsSameAddress = { (email: String) in
                    contact.map { EmailAddress.normalised($0.email) == EmailAddress.normalised(email) } ?? false
                }
                switch contactAddress(written) {
                case .success(let email) where sentOnBehalf || contact == nil || headerIsSameAddress(email):
                    // The form's own Email field is the enquirer; the header name then belongs to the website.
                    contact = ContactDetails(name: headerIsSameAddress(email) ? contact?.name : nil, email: email)
                case .success(let email):
                    otherAddresses.append(FormField(name: "Other address", value: email))
                case .failure(let unusable) where sentOnBehalf && contact == nil:
                    // Never the form sender's address instead (the header contact excludes it): the reply would
                    // go to the website, and every such form would join one lead. A usable Reply-To stays.
                    return (nil, "the form's Email field: \(unusable)")
                case .failure:
                    break
                }
            }
            if let name = PersonName.clean(form.name) { contact?.name = name }
            contact?.phone = form.value(.phone)
            contact?.company = form.value(.company)
            contact?.jobTitle = form.value(.jobTitle)
            text =
                form.value(.message).map { EnquiryText.enquiry(in: $0) } ?? EnquiryText.enquiry(in: body, ownWords: own)
        } else {
            text = EnquiryText.enquiry(in: body, ownWords: own)
        }
        guard var found = contact else { return (nil, nil) }
        // A form's signature can only be in its message field: the rest of the notification is the service's
        // layout, whose lines would be taken for a company or a role.
        let signed = form == nil ? body : form?.value(.message) ?? ""
        let signature = SignatureDetails(
            lines: EnquiryText.signatureLines(
                in: signed, ownWords: form == nil ? own : EnquiryText.ownWords(in: signed)),
            name: found.name)
        found.phone = found.phone ?? signature.phone ?? PhoneNumber.inProse(text)
        found.company = found.company ?? signature.company
        found.jobTitle = found.jobTitle ?? signature.jobTitle
        found.phoneE164 = found.phone.flatMap { phone in
            PhoneNumber.e164(phone, defaultCountry: Self.country(of: found.email) ?? defaultCountry ?? "")
        }
        if text.isEmpty { text = subject ?? "" }
        let enquiry = Enquiry(
            contact: found, subject: subject, text: text, extraFields: (form?.extraFields ?? []) + otherAddresses,
            isFormSubmission: form != nil, source: source, campaign: campaign)
        return (enquiry, nil)
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

    /// "jane@x.example" from a form value written as "Jane <jane@x.example>", "mailto:jane@x.example" or, as
    /// an HTML link becomes text, "jane@x.example (mailto:jane@x.example)".
    static func bareAddress(_ value: String) -> String {
        var address = value.trimmingSpaces()
        if address.hasSuffix(")"), let open = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: "(") }),
            open > address.startIndex
        {
            address = address[..<open].trimmingSpaces()
        }
        if let open = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: "<") }),
            let close = address.lastCharacter(whereASCII: { $0 == UInt8(ascii: ">") }), open < close
        {
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
