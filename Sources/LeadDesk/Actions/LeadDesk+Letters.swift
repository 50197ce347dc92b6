import Foundation
import LeadStore
import Leads
import MIME
import Templates

/// Who a person's email to a lead comes from: the shared sales address with the writer's name, so that the
/// answer comes back to the inbox LeadMail reads and joins the lead's log.
public struct LetterSettings: Sendable {
    /// The sales address (leadmail.yml's `from`).
    public var sender: MailAddress
    /// The company, shown after the writer's name ("Anna Baker, Acme Sensors").
    public var company: String?
    /// Tag subjects with `[#L123]`, as replies are (`intake.subjectToken`).
    public var subjectToken: Bool
    /// Our company's phone and website, for letters written from a template.
    public var companyPhone: String?
    public var companyWebsite: String?
    /// The reply templates in use now (the service's last good library), which a letter may start from; nil
    /// where there is no templates folder.
    public var templates: (@Sendable () async -> TemplateLibrary?)?

    public init(
        sender: MailAddress, company: String? = nil, subjectToken: Bool = true, companyPhone: String? = nil,
        companyWebsite: String? = nil, templates: (@Sendable () async -> TemplateLibrary?)? = nil
    ) {
        self.sender = sender
        self.company = company
        self.subjectToken = subjectToken
        self.companyPhone = companyPhone
        self.companyWebsite = companyWebsite
        self.templates = templates
    }
}

/// An email a person writes to a lead.
public struct Letter: Sendable, Hashable {
    public var subject: String
    public var text: String

    public init(subject: String, text: String) {
        self.subject = subject
        self.text = text
    }
}

/// Writing to the lead: composed, queued through the outbox in one transaction with its log entry, and counted
/// as human contact (the follow-up done, a new lead contacted).
extension LeadDesk {
    /// The letter as it will be sent, addressed and threaded, without queuing it.
    public func preview(_ letter: Letter, to leadID: Int64, by user: User) async throws -> OutgoingMail {
        let now = clock()
        return try await records.read { tx in
            let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
            return try compose(letter, lead: lead, thread: try tx.communications(leadID: leadID), by: user, now: now)
        }
    }

    /// Queues the letter to the lead; returns the outbox row (its state shows on the lead's timeline).
    public func write(_ letter: Letter, to leadID: Int64, by user: User) async throws -> OutboxItem {
        let now = clock()
        return try await records.write { tx in try writing(letter, to: leadID, by: user, now: now, in: tx) }
    }

    /// `write` inside a transaction (a mass action's).
    func writing(_ letter: Letter, to leadID: Int64, by user: User, now: Date, in tx: any LeadTransaction) throws
        -> OutboxItem
    {
        let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
        let mail = try compose(letter, lead: lead, thread: try tx.communications(leadID: leadID), by: user, now: now)
        let queued = try tx.queue(mail, leadID: leadID, at: now)
        var update = LeadUpdate(leadID: leadID, by: user.actorName)
        update.events = [(.note, "wrote to \(lead.email): \(mail.subject)")]
        update.recordHumanContact(at: now, status: lead.status)
        try tx.apply(update, at: now)
        return queued
    }

    /// The reply templates a letter may start from, by name (none without a templates folder).
    public func letterTemplates() async -> [String] {
        guard let library = await letters?.templates?() else { return [] }
        return library.templates.map(\.name)
    }

    /// A letter to start from: the reply template `name` rendered for the lead with the values intake's replies
    /// use and signed by `user`, or with `name` nil a blank one answering the enquiry's subject; for the writer
    /// to read and change before sending. Refused where `user` may not write to the lead.
    public func letter(from name: String?, to leadID: Int64, by user: User) async throws -> Letter {
        let (lead, first, ownerEmail, ownerName) = try await records.read {
            tx -> (Lead, Communication?, String?, String?) in
            let (lead, lifecycle) = try self.lead(leadID, for: .edit, by: user, in: tx)
            let first = try tx.communications(leadID: leadID).first { $0.direction == .inbound }
            let ownerName = try lifecycle.owner.flatMap { try tx.user(email: $0)?.name }
            return (lead, first, lifecycle.owner, ownerName)
        }
        guard let name else {
            let subject = lead.subject.map { $0.lowercased().hasPrefix("re:") ? $0 : "Re: " + $0 } ?? ""
            return Letter(subject: Self.oneLine(subject), text: "")
        }
        guard let settings = letters, let library = await settings.templates?() else {
            throw LetterError.noTemplates
        }
        guard let template = library.templates.first(where: { $0.name == name }) else {
            throw LetterError.noSuchTemplate(name, known: library.templates.map(\.name))
        }
        let owner = ownerEmail.map { (name: ownerName, email: $0) }
        let enquiry = Enquiry(
            contact: ContactDetails(name: lead.name, email: lead.email, phone: lead.phone, company: lead.company),
            subject: lead.subject, text: lead.enquiry, source: lead.source, campaign: lead.campaign)
        let values = LeadTemplateValues(
            ourCompany: settings.company ?? settings.sender.name ?? "", ourPhone: settings.companyPhone,
            ourWebsite: settings.companyWebsite, senderName: user.name)
        let written: Date = first?.date ?? lead.createdAt
        let date = TemplateDate.text(written, language: TemplateDate.language(of: template))
        let rendered: RenderedReply
        do {
            rendered = try library.render(
                template, context: values.context(lead: lead, enquiry: enquiry, enquiryDate: date, owner: owner))
        } catch {
            throw LetterError.template(name, problem: "\(error)")
        }
        return Letter(subject: rendered.subject, text: rendered.text)
    }

    private func compose(_ letter: Letter, lead: Lead, thread: [Communication], by user: User, now: Date) throws
        -> OutgoingMail
    {
        guard let settings = letters else { throw LetterError.noSender }
        let subject = Self.oneLine(letter.subject)
        var text = letter.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty, !text.isEmpty else { throw LetterError.empty }
        guard case .success(let recipient) = EmailAddress.checked(lead.email) else {
            throw LetterError.undeliverable(lead.email)
        }
        let name = [user.name, settings.company].compactMap { $0 }.joined(separator: ", ")
        let from = MailAddress(name: name, address: settings.sender.address)
        let tagged = settings.subjectToken ? LeadReference().tagging(subject, leadID: lead.id) : subject
        // Threaded to the conversation so far: its first message and the latest with an ID.
        let ids = thread.compactMap(\.messageID).filter { $0.utf8.count <= 250 }
        let references = Array(([ids.first] + [ids.last]).compactMap { $0 }.uniqued().suffix(20))
        var links: [TrackedLink] = []
        if let tracker { (text, _, links) = tracker.track(text: text, html: nil) }
        let outgoing = OutgoingMessage(
            from: from, to: [MailAddress(name: lead.name, address: recipient)], subject: tagged, text: text,
            inReplyTo: ids.last, references: references, date: now,
            extraHeaders: [("X-LeadMail-Lead", lead.number)])
        var mail = OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: settings.sender.address,
            recipients: outgoing.envelopeRecipients, from: from.description, to: recipient, subject: tagged, text: text,
            raw: outgoing.rendered())
        mail.kind = .personal
        mail.trackedLinks = links
        return mail
    }
}

/// Why a letter cannot be written.
public enum LetterError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case noSender
    case undeliverable(String)
    case noTemplates
    case noSuchTemplate(String, known: [String])
    case template(String, problem: String)

    public var description: String {
        switch self {
        case .empty: "A letter needs a subject and some text."
        case .noSender: "Writing to leads needs the sales address (`from` in leadmail.yml)."
        case .undeliverable(let address):
            "\(address) is not an address a letter can be sent to; correct the lead first."
        case .noTemplates: "There are no reply templates to write from (leadmail.yml's `templates` folder)."
        case .noSuchTemplate(let name, let known):
            "There is no reply template '\(name)'; the templates are \(known.joined(separator: ", "))."
        case .template(let name, let problem):
            "The template '\(name)' could not be rendered for this lead (\(problem)); write the letter by hand."
        }
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
