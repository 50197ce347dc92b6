import Foundation
import Leads
import MIME
import Templates

/// Turns a rendered template into the reply we send: addressed to the enquirer, threaded to the enquiry, and
/// marked as an automatic answer (RFC 3834) so that other robots do not answer it back.
struct ReplyComposer: Sendable {
    var sender: MailAddress
    var company: CompanyDetails

    /// The values a template may use, documented in templates/README.md (see `TemplateContext.variables`).
    func context(lead: Lead, enquiry: Enquiry, message: Message) -> TemplateContext {
        let date = message.date.map { $0.formatted(date: .long, time: .omitted) } ?? ""
        let values: [String: String?] = [
            "name": lead.name, "firstName": lead.firstName ?? lead.name, "email": lead.email, "phone": lead.phone,
            "company": lead.company, "source": lead.source, "campaign": lead.campaign, "leadNumber": lead.number,
            "enquirySubject": enquiry.subject, "enquiryDate": date, "enquiryExcerpt": enquiry.excerpt(),
            "ownerName": nil, "ownerEmail": nil, "ourCompany": company.name, "ourPhone": company.phone,
            "ourWebsite": company.website, "senderName": sender.name ?? company.name,
        ]
        return TemplateContext(values.compactMapValues { $0 })
    }

    /// The reply as it will be queued, rendered to its final bytes.
    func reply(_ rendered: RenderedReply, lead: Lead, message: Message, now: Date) -> OutgoingMail {
        let from = rendered.from.flatMap(ConfigurationLoader.mailbox) ?? sender
        let recipient = MailAddress(name: lead.name, address: lead.email)
        var references = message.references
        if let id = message.messageID, !references.contains(id) { references.append(id) }
        let outgoing = OutgoingMessage(
            from: from, to: [recipient], cc: [], bcc: [],
            replyTo: rendered.replyTo.flatMap(ConfigurationLoader.mailbox).map { [$0] } ?? [],
            subject: rendered.subject, text: rendered.text, html: rendered.html,
            messageID: MessageID.make(domain: from.domain), inReplyTo: message.messageID,
            references: references, date: now,
            extraHeaders: [
                ("Auto-Submitted", "auto-replied"),
                ("X-Auto-Response-Suppress", "All"),
                ("X-LeadMail-Lead", lead.number),
                ("X-LeadMail-Template", rendered.templateName),
            ])
        return OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: from.address, recipients: outgoing.envelopeRecipients,
            from: from.description, to: recipient.description, subject: rendered.subject, text: rendered.text,
            raw: outgoing.rendered())
    }
}
