import Foundation
import LeadDesk
import Leads
import MIME
import Templates

/// Turns a rendered template into the reply we send: addressed to the enquirer, threaded to the enquiry, and
/// marked as an automatic answer (RFC 3834) so that other robots do not answer it back.
struct ReplyComposer: Sendable {
    var sender: MailAddress
    var company: CompanyDetails
    var detector = LanguageDetector()
    /// Tag reply subjects with `[#L123]` (see `IntakeSettings.subjectToken`).
    var subjectToken = true
    /// Links through the workspace's `/t/TOKEN` (`tracking: true`); nil leaves them as written.
    var tracker: LinkTracker?

    /// The template an enquiry gets: by source, campaign and the language of the enquirer's words.
    /// - Parameter known: the language detected already (in the batch's preparation); nil detects it here.
    func choose(
        in library: TemplateLibrary, lead: Lead, enquiry: Enquiry, message: Message,
        language known: LanguageGuess? = nil
    ) -> TemplateChoice? {
        let guess = known ?? language(subject: enquiry.subject, text: enquiry.text, thread: ReplyThread(message))
        return library.choose(source: lead.source, campaign: lead.campaign, language: guess.language)
    }

    /// The enquiry's language, from its subject and own words, with `Content-Language` as a tie-breaker.
    func language(subject: String?, text: String, thread: ReplyThread) -> LanguageGuess {
        let words = [subject ?? "", text].joined(separator: "\n")
        return detector.detect(text: words, contentLanguage: thread.contentLanguage)
    }

    /// The values a template may use, documented in templates/README.md (see `TemplateContext.variables`).
    /// - Parameters:
    ///   - owner: the lead's owner, when the rules have given it one.
    ///   - language: the template's language, which its dates are written in (`TemplateDate.language(of:)`).
    func context(
        lead: Lead, enquiry: Enquiry, message: Message, owner: LeadWorkflow.ArrivalOwner? = nil, language: String
    ) -> TemplateContext {
        context(lead: lead, enquiry: enquiry, thread: ReplyThread(message), owner: owner, language: language)
    }

    func context(
        lead: Lead, enquiry: Enquiry, thread: ReplyThread, owner: LeadWorkflow.ArrivalOwner? = nil, language: String
    ) -> TemplateContext {
        let date = thread.date.map { TemplateDate.text($0, language: language) } ?? ""
        return values.context(
            lead: lead, enquiry: enquiry, enquiryDate: date, owner: owner.map { ($0.name, $0.email) })
    }

    /// Our company and the sales address's name, as every automatic reply signs.
    var values: LeadTemplateValues {
        LeadTemplateValues(
            ourCompany: company.name, ourPhone: company.phone, ourWebsite: company.website,
            senderName: sender.name ?? company.name)
    }

    /// A colleague who passed an enquiry on hears which lead it became (and whether the contact was known), from
    /// the `notifications/forwarded-lead` template; nil when there is no such template.
    func forwardConfirmation(
        lead: Lead, enquiry: Enquiry, colleague: MailAddress, isRepeat: Bool, message: Message,
        library: TemplateLibrary, now: Date
    ) throws(TemplateProblem) -> OutgoingMail? {
        guard let template = library.notification(named: "forwarded-lead") else { return nil }
        var context = self.context(lead: lead, enquiry: enquiry, message: message, language: "en")
        context.values["repeatEnquiry"] = isRepeat ? "yes" : ""
        let rendered = try library.render(template, context: context)
        let outgoing = OutgoingMessage(
            from: sender, to: [colleague], subject: rendered.subject, text: rendered.text, html: rendered.html,
            inReplyTo: message.messageID, references: message.messageID.map { [$0] } ?? [], date: now,
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"), ("X-LeadMail-Lead", lead.number),
                ("X-LeadMail-Template", rendered.templateName),
            ])
        var mail = OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: Self.automaticReplySender,
            recipients: outgoing.envelopeRecipients,
            from: sender.description, to: colleague.description, subject: rendered.subject, text: rendered.text,
            raw: outgoing.rendered())
        mail.kind = .notification
        return mail
    }

    /// The envelope sender (MAIL FROM) of automatic responses: the null sender, as RFC 3834 §4 asks, so that a
    /// bounce of a reply is never sent at all, instead of returning to the sales inbox LeadMail reads (where it
    /// would be one more bounce to recognise). A refusal at the relay (5xx to RCPT or DATA) is still recorded on
    /// the lead, and the reply's From: stays the sales address people answer to.
    static let automaticReplySender = ""

    /// The reply as it will be queued, rendered to its final bytes.
    func reply(_ rendered: RenderedReply, lead: Lead, message: Message, now: Date) -> OutgoingMail {
        reply(rendered, lead: lead, thread: ReplyThread(message), now: now)
    }

    /// The reply as it will be queued: copies from the template's `cc`/`bcc`, due after its `delay`.
    func reply(_ rendered: RenderedReply, lead: Lead, thread: ReplyThread, now: Date) -> OutgoingMail {
        var rendered = rendered
        if subjectToken {
            rendered.subject = LeadReference().tagging(rendered.subject, leadID: lead.id)
        }
        let from = rendered.from.flatMap(ConfigurationLoader.mailbox) ?? sender
        let recipient = MailAddress(name: lead.name, address: lead.email)
        // The enquirer's Message-IDs reach our headers: one over 250 octets cannot be folded under the 998-octet
        // line limit (relays refuse the reply), so it is left out; the last 20 are plenty to thread.
        let foldable = { (id: String) in id.utf8.count <= 250 }
        let inReplyTo = thread.messageID.flatMap { foldable($0) ? $0 : nil }
        var references = Array(thread.references.filter(foldable).suffix(20))
        if let id = inReplyTo, !references.contains(id) { references.append(id) }
        var links: [TrackedLink] = []
        if let tracker {
            (rendered.text, rendered.html, links) = tracker.track(text: rendered.text, html: rendered.html)
        }
        let outgoing = OutgoingMessage(
            from: from, to: [recipient],
            cc: rendered.cc.compactMap(ConfigurationLoader.mailbox),
            bcc: rendered.bcc.compactMap(ConfigurationLoader.mailbox),
            replyTo: rendered.replyTo.flatMap(ConfigurationLoader.mailbox).map { [$0] } ?? [],
            subject: rendered.subject, text: rendered.text, html: rendered.html,
            messageID: MessageID.make(domain: from.domain), inReplyTo: inReplyTo,
            references: references, date: now,
            extraHeaders: [
                ("Auto-Submitted", "auto-replied"),
                ("X-Auto-Response-Suppress", "All"),
                ("X-LeadMail-Lead", lead.number),
                ("X-LeadMail-Template", rendered.templateName),
            ])
        var mail = OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: Self.automaticReplySender,
            recipients: outgoing.envelopeRecipients,
            from: from.description, to: recipient.description, subject: rendered.subject, text: rendered.text,
            raw: outgoing.rendered(),
            notBefore: rendered.delay > 0 ? now.addingTimeInterval(TimeInterval(rendered.delay * 60)) : nil)
        mail.trackedLinks = links
        return mail
    }
}

/// What a reply needs from the enquiry's message: its date, its place in the thread and its stated language.
struct ReplyThread: Sendable {
    var date: Date?
    var messageID: String?
    var references: [String] = []
    var contentLanguage: String?

    init(date: Date?, messageID: String?, references: [String] = [], contentLanguage: String? = nil) {
        self.date = date
        self.messageID = messageID
        self.references = references
        self.contentLanguage = contentLanguage
    }

    init(_ message: Message) {
        self.init(
            date: message.date, messageID: message.messageID, references: message.references,
            contentLanguage: message.headers["Content-Language"])
    }
}
