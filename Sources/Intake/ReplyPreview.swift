import Foundation
import LeadDesk
import Leads
import MIME
import Templates

/// What an enquiry would get, and why: the answer behind `leadmail templates which` and `templates preview`.
public struct ReplyPreview: Sendable {
    /// The source and campaign the `sources` rules give the enquiry.
    public var source: String
    public var campaign: String?
    /// The detected language and the evidence.
    public var language: LanguageGuess
    /// The template chosen (or asked for by name), with the rule that chose it.
    public var choice: TemplateChoice?
    /// Why no reply would be sent, when none would (an auto-reply, a colleague, `autoreply: false`, …).
    public var noReply: String?
    /// The reply's exact bytes, headers included, as they would be queued; nil when no reply would be sent.
    public var message: [UInt8]?
    /// The HTML part of the reply, if the template has one.
    public var html: String?
    /// The message as its reader sees it: From, To and Subject decoded, then the text.
    public var readable: String?
    /// The reply as it would be queued (its From, To, subject and text), nil when none would be sent.
    public var mail: OutgoingMail?

    /// Several lines saying which template answers and why, for people.
    public var explanation: String {
        var lines = ["source: \(source)\(campaign.map { ", campaign: \($0)" } ?? "")"]
        lines.append("language: \(language)")
        if let choice {
            let why = choice.explanation(source: source, campaign: campaign, language: language.language)
            lines.append("template: " + why)
        } else {
            lines.append("template: none")
        }
        if let noReply { lines.append("reply: none, \(noReply)") }
        return lines.joined(separator: "\n")
    }
}

/// Works out previews with the same parser, source rules, reply policy, language detection and composer as the
/// pipeline, so what it shows is what `leadmail run` would send.
public struct ReplyPreviewer: Sendable {
    let configuration: LeadMailConfiguration
    let library: TemplateLibrary
    let composer: ReplyComposer

    /// - Throws: `TemplateLibraryError` when the templates folder has problems.
    public init(configuration: LeadMailConfiguration) throws(TemplateLibraryError) {
        self.configuration = configuration
        library = try TemplateLibrary.load(directory: configuration.templates)
        composer = ReplyComposer(sender: configuration.from, company: configuration.company)
    }

    /// Previews with `library` instead of the folder as saved (marketing's unsaved edit).
    public init(configuration: LeadMailConfiguration, library: TemplateLibrary) {
        self.configuration = configuration
        self.library = library
        composer = ReplyComposer(sender: configuration.from, company: configuration.company)
    }

    /// The reply to a message file (as if it had just arrived; the lead number is a stand-in, `L0`).
    /// - Parameter template: a template name to preview instead of the one the rules would choose.
    public func preview(message bytes: [UInt8], template name: String? = nil, now: Date = Date())
        throws -> ReplyPreview
    {
        let message = try MessageParser().parse(bytes)
        let policy = ReplyPolicy(
            ourAddresses: configuration.ourAddresses, staffDomains: configuration.staffDomains,
            formSenders: configuration.formSenders)
        let extractor = EnquiryExtractor(
            classifier: SourceClassifier(rules: configuration.sources, defaultSource: configuration.defaultSource),
            policy: policy)
        let thread = ReplyThread(message)
        guard let enquiry = extractor.enquiry(from: message) else {
            let (source, campaign) = extractor.classifier.classify(message)
            let guess = composer.language(subject: message.subject, text: message.text ?? "", thread: thread)
            return ReplyPreview(
                source: source, campaign: campaign, language: guess, choice: nil,
                noReply: "the message has no enquirer address to answer")
        }
        let lead = Lead(
            id: 0, contactID: 0, name: enquiry.contact.name, email: enquiry.contact.email,
            phone: enquiry.contact.phone, company: enquiry.contact.company, source: enquiry.source,
            campaign: enquiry.campaign, status: .new, subject: enquiry.subject, enquiry: enquiry.text,
            createdAt: now, updatedAt: now)
        let verdict = policy.verdict(for: message, replyAddress: enquiry.contact.email)
        var preview = try build(lead: lead, enquiry: enquiry, thread: thread, template: name, now: now)
        if !verdict.isAnswerable, preview.noReply == nil, name == nil {
            preview.noReply = "LeadMail does not answer it: \(verdict)"
            preview.message = nil
            preview.html = nil
            preview.mail = nil
        }
        return preview
    }

    /// The reply a recorded lead would get now, from its first enquiry in the log, naming its owner as a reply
    /// rendered after assignment does; a notification (`notifications/…`) is addressed to the owner.
    /// - Parameter owner: the lead's owner, with their name from the teams.
    public func preview(
        lead: Lead, communications: [Communication], template name: String? = nil, owner: SalesPerson? = nil,
        now: Date = Date()
    ) throws -> ReplyPreview {
        let first = communications.first { $0.direction == .inbound }
        let enquiry = Enquiry(
            contact: ContactDetails(name: lead.name, email: lead.email, phone: lead.phone, company: lead.company),
            subject: lead.subject, text: lead.enquiry, source: lead.source, campaign: lead.campaign)
        let thread = ReplyThread(date: first?.date ?? lead.createdAt, messageID: first?.messageID)
        return try build(lead: lead, enquiry: enquiry, thread: thread, template: name, owner: owner, now: now)
    }

    private func build(
        lead: Lead, enquiry: Enquiry, thread: ReplyThread, template name: String?, owner: SalesPerson? = nil,
        now: Date
    ) throws -> ReplyPreview {
        let guess = composer.language(subject: enquiry.subject, text: enquiry.text, thread: thread)
        var choice = library.choose(source: lead.source, campaign: lead.campaign, language: guess.language)
        if let name {
            guard let named = library.template(named: name) else {
                throw ReplyPreviewError.noSuchTemplate(name, known: library.templates.map(\.name))
            }
            choice = TemplateChoice(template: named, rule: .named)
        }
        var preview = ReplyPreview(source: lead.source, campaign: lead.campaign, language: guess, choice: choice)
        guard let template = choice?.template else {
            preview.noReply = "no template answers and there is no default"
            return preview
        }
        if !template.autoreply, name == nil {
            preview.noReply = "\(template.name) says autoreply: false (the lead is recorded, nothing is sent)"
            return preview
        }
        let context = composer.context(
            lead: lead, enquiry: enquiry, thread: thread,
            owner: owner.map { LeadWorkflow.ArrivalOwner(email: $0.email, name: $0.name) },
            language: TemplateDate.language(of: template))
        let rendered = try library.render(template, context: context)
        var mail = composer.reply(rendered, lead: lead, thread: thread, now: now)
        if template.name.hasPrefix("notifications/") {
            // Staff mail goes to the lead's owner, never to the customer.
            let staff = MailAddress(name: owner?.name, address: owner?.email ?? configuration.from.address)
            let outgoing = OutgoingMessage(
                from: configuration.from, to: [staff], subject: rendered.subject, text: rendered.text,
                html: rendered.html, date: now,
                extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-LeadMail-Lead", lead.number)])
            mail = OutgoingMail(
                messageID: outgoing.messageID, envelopeFrom: configuration.from.address,
                recipients: outgoing.envelopeRecipients, from: configuration.from.description,
                to: staff.description, subject: rendered.subject, text: rendered.text, raw: outgoing.rendered())
        }
        preview.message = mail.raw
        preview.mail = mail
        preview.html = rendered.html
        preview.readable = "From: \(mail.from)\nTo: \(mail.to)\nSubject: \(mail.subject)\n\n\(mail.text)"
        return preview
    }
}

/// A preview that cannot be made as asked.
public enum ReplyPreviewError: Error, Sendable, CustomStringConvertible {
    case noSuchTemplate(String, known: [String])

    public var description: String {
        switch self {
        case .noSuchTemplate(let name, let known):
            "There is no template '\(name)'; the templates are \(known.joined(separator: ", "))."
        }
    }
}
