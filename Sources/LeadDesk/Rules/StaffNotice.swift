import Foundation
import LeadStore
import Leads
import MIME
import Templates

/// Staff mail from the templates marketing edits (`templates/notifications/`), so that what the preview shows
/// is what staff receive.
public protocol StaffTemplates: Sendable {
    /// The subject and text of `notifications/NAME` rendered with `values`; nil when there is no such template or
    /// it cannot be rendered: the built-in text is sent then, so a broken template never costs a notice.
    func render(notification name: String, values: [String: String]) -> (subject: String, text: String)?
}

/// The emails LeadMail writes to staff: a new lead for its owner, a lead handed over or gone overdue, the
/// morning digest. Plain text, short lines, no links: meant to be read on a phone between two visits. The new
/// lead's notice comes from `notifications/new-lead` when `templates` has it.
struct StaffNotice: Sendable {
    var sender: MailAddress
    var calendar: WorkingCalendar
    var templates: (any StaffTemplates)? = nil
    /// A team member's name by address, for `ownerName`.
    var nameOf: @Sendable (String) -> String? = { _ in nil }
    /// The web workspace's address (`web.baseURL`): notices link to the lead's page; without it they name the
    /// command that shows the lead.
    var baseURL: String?

    /// The values `notifications/new-lead` is rendered with: a reply's, with the owner's, and the notice's own
    /// (`score`, `rating`, `followUp`, `handedOverBy`, `leadLink`: the lead's page or the command that shows it).
    func values(
        _ lead: Lead, lifecycle: LeadLifecycle, owner: String, followUp: LeadUpdate.NewTask?, handedOverBy: String?
    ) -> [String: String?] {
        [
            "name": lead.name, "firstName": lead.firstName ?? lead.name, "email": lead.email, "phone": lead.phone,
            "company": lead.company, "source": lead.source, "campaign": lead.campaign, "leadNumber": lead.number,
            "enquirySubject": lead.subject, "enquiryDate": TemplateDate.text(lead.createdAt, language: "en"),
            "enquiryExcerpt": Enquiry.excerpt(of: lead.enquiry, limit: 600), "ownerName": nameOf(owner) ?? owner,
            "ownerEmail": owner, "senderName": sender.name, "score": "\(lifecycle.score)",
            "rating": lifecycle.rating?.rawValue,
            "followUp": followUp.map { "\($0.kind.rawValue) by \(Self.readable($0.due))" },
            "handedOverBy": handedOverBy,
            "leadLink": whereToSee(lead),
        ]
    }

    /// Where to see the whole lead: its page in the workspace, or the command.
    func whereToSee(_ lead: Lead) -> String {
        guard let base = baseURL?.trimmingCharacters(in: CharacterSet(charactersIn: "/")), !base.isEmpty else {
            return "leadmail leads show \(lead.number)"
        }
        return "\(base)/leads/\(lead.id)"
    }

    /// A lead's owner hears about it: who, how to reach them, what they asked, what to do by when.
    func newLead(
        _ lead: Lead, lifecycle: LeadLifecycle, owner: String, copy: [String], followUp: LeadUpdate.NewTask?,
        handedOverBy: String? = nil, now: Date
    ) -> OutgoingMail {
        let context = values(
            lead, lifecycle: lifecycle, owner: owner, followUp: followUp, handedOverBy: handedOverBy)
        if let rendered = templates?.render(notification: "new-lead", values: context.compactMapValues { $0 }) {
            return mail(
                to: [owner], cc: copy, subject: rendered.subject, text: rendered.text, lead: lead, now: now)
        }
        var lines = [
            handedOverBy.map { "\(lead.number) has been passed to you by \($0)." }
                ?? "New lead \(lead.number) for you.", "",
        ]
        lines += contact(lead)
        lines.append("Score: \(lifecycle.score)" + (lifecycle.rating.map { ", rating \($0.rawValue)" } ?? ""))
        lines += ["", "They wrote:", Enquiry.excerpt(of: lead.enquiry, limit: 600), ""]
        if let followUp {
            lines.append("Follow up: \(followUp.kind.rawValue) by \(Self.readable(followUp.due)).")
        }
        lines += [
            "Answer them directly with \(sender.address) in Cc: that completes the follow-up.",
            "", whereToSee(lead),
        ]
        let title = handedOverBy == nil ? "New lead" : "Lead passed to you"
        return mail(
            to: [owner], cc: copy, subject: "\(title) \(lead.number): \(who(lead))", lines: lines,
            lead: lead, now: now)
    }

    /// The former owner and the manager hear that a lead went overdue and where it went.
    func overdue(_ lead: Lead, from previous: String?, to next: String?, recipients: [String], days: Int, now: Date)
        -> OutgoingMail
    {
        var lines = [
            "\(lead.number) (\(who(lead))) was not followed up within \(days) working day\(days == 1 ? "" : "s")"
                + (previous.map { " by \($0)" } ?? "") + ".",
            next.map { "It has been passed to \($0)." } ?? "Nobody else could take it: please assign it by hand.",
            "",
        ]
        lines += contact(lead)
        lines += ["", whereToSee(lead)]
        return mail(
            to: recipients, cc: [], subject: "Overdue lead \(lead.number): \(who(lead))", lines: lines,
            lead: lead, now: now)
    }

    /// One owner's work list for the day: overdue first, then due today.
    func digest(owner: String, items: [(lead: Lead, task: FollowUpTask)], today: String, now: Date) -> OutgoingMail {
        let overdue = items.filter { $0.task.due < today }
        let due = items.filter { $0.task.due == today }
        var lines = ["Good morning. Your leads for \(Self.readable(today)):", ""]
        for (title, group) in [("Overdue", overdue), ("Due today", due)] where !group.isEmpty {
            lines.append("\(title) (\(group.count)):")
            for (lead, task) in group {
                lines.append("- \(lead.number) \(who(lead)): \(task.kind.rawValue), due \(Self.readable(task.due))")
                if let phone = lead.phone { lines.append("  \(phone)") }
                lines.append("  \(lead.email)")
                if baseURL != nil { lines.append("  \(whereToSee(lead))") }
            }
            lines.append("")
        }
        lines.append(
            baseURL.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/" }
                ?? "leadmail leads due --owner \(owner)")
        let subject = "Your leads today: \(overdue.count) overdue, \(due.count) due"
        return mail(to: [owner], cc: [], subject: subject, lines: lines, lead: items[0].lead, now: now)
    }

    private func contact(_ lead: Lead) -> [String] {
        [lead.name, lead.company, lead.email, lead.phone].compactMap { $0 }
            + ["Source: \(lead.source)" + (lead.campaign.map { ", campaign \($0)" } ?? "")]
    }

    private func who(_ lead: Lead) -> String {
        [lead.name ?? lead.email, lead.company].compactMap { $0 }.joined(separator: ", ")
    }

    /// `Tue 24 Nov 2026`, for a day written `2026-11-24`.
    static func readable(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return day }
        let days = CivilCalendar.days(year: parts[0], month: parts[1], day: parts[2])
        let weekday = CivilCalendar.weekdayAbbreviation(daysSince1970: days)
        return "\(weekday) \(parts[2]) \(CivilCalendar.monthAbbreviations[parts[1] - 1]) \(parts[0])"
    }

    private func mail(to: [String], cc: [String], subject: String, lines: [String], lead: Lead, now: Date)
        -> OutgoingMail
    {
        mail(to: to, cc: cc, subject: subject, text: lines.joined(separator: "\n") + "\n", lead: lead, now: now)
    }

    private func mail(to: [String], cc: [String], subject: String, text: String, lead: Lead, now: Date)
        -> OutgoingMail
    {
        let message = OutgoingMessage(
            from: sender, to: to.map { MailAddress(address: $0) }, cc: cc.map { MailAddress(address: $0) },
            subject: subject, text: text, date: now,
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-LeadMail-Lead", lead.number)])
        return OutgoingMail(
            messageID: message.messageID, envelopeFrom: sender.address, recipients: message.envelopeRecipients,
            from: sender.description, to: to.joined(separator: ", "), subject: subject, text: text,
            raw: message.rendered())
    }
}

extension Enquiry {
    /// `excerpt(limit:)` for text that is not an `Enquiry` (a stored lead's first enquiry).
    static func excerpt(of text: String, limit: Int) -> String {
        Enquiry(contact: ContactDetails(email: ""), subject: nil, text: text, source: "").excerpt(limit: limit)
    }
}
