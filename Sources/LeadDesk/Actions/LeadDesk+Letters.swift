import Foundation
import LeadStore
import Leads
import MIME

/// Who a person's email to a lead comes from: the shared sales address with the writer's name, so that the
/// answer comes back to the inbox LeadMail reads and joins the lead's log.
public struct LetterSettings: Sendable {
    /// The sales address (leadmail.yml's `from`).
    public var sender: MailAddress
    /// The company, shown after the writer's name ("Anna Baker, Acme Sensors").
    public var company: String?
    /// Tag subjects with `[#L123]`, as replies are (`intake.subjectToken`).
    public var subjectToken: Bool

    public init(sender: MailAddress, company: String? = nil, subjectToken: Bool = true) {
        self.sender = sender
        self.company = company
        self.subjectToken = subjectToken
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
        return try await records.write { tx in
            let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
            let mail = try compose(
                letter, lead: lead, thread: try tx.communications(leadID: leadID), by: user, now: now)
            let queued = try tx.queue(mail, leadID: leadID, at: now)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.events = [(.note, "wrote to \(lead.email): \(mail.subject)")]
            update.recordHumanContact(at: now, status: lead.status)
            try tx.apply(update, at: now)
            return queued
        }
    }

    private func compose(_ letter: Letter, lead: Lead, thread: [Communication], by user: User, now: Date) throws
        -> OutgoingMail
    {
        guard let settings = letters else { throw LetterError.noSender }
        let subject = Self.oneLine(letter.subject)
        let text = letter.text.trimmingCharacters(in: .whitespacesAndNewlines)
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
        let outgoing = OutgoingMessage(
            from: from, to: [MailAddress(name: lead.name, address: recipient)], subject: tagged, text: text,
            inReplyTo: ids.last, references: references, date: now,
            extraHeaders: [("X-LeadMail-Lead", lead.number)])
        var mail = OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: settings.sender.address,
            recipients: outgoing.envelopeRecipients, from: from.description, to: recipient, subject: tagged, text: text,
            raw: outgoing.rendered())
        mail.kind = .personal
        return mail
    }
}

/// Why a letter cannot be written.
public enum LetterError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case noSender
    case undeliverable(String)

    public var description: String {
        switch self {
        case .empty: "A letter needs a subject and some text."
        case .noSender: "Writing to leads needs the sales address (`from` in leadmail.yml)."
        case .undeliverable(let address):
            "\(address) is not an address a letter can be sent to; correct the lead first."
        }
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
