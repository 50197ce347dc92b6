import Foundation
import LeadStore
import Leads
import MIME
import Templates

/// What a reply template gives one enquiry: the source, campaign and language the rules read from it, the
/// template chosen and why, and the reply rendered (nil where none would be sent, with the reason).
public struct TemplatePreview: Sendable, Hashable {
    public var source: String
    public var campaign: String?
    /// The detected language (nil when unknown) and the evidence, in words.
    public var language: String?
    public var languageReason: String
    /// The template chosen, or asked for by name; nil when none answers.
    public var templateName: String?
    /// "web-form.de (web-form.de.mustache): it answers its source and language (…)".
    public var why: String?
    /// Why no reply would be sent, when none would.
    public var noReply: String?
    public var from: String?
    public var to: String?
    public var subject: String?
    public var text: String?
    /// The HTML body, when the template has one: shown only in a sandboxed frame.
    public var html: String?

    public init(
        source: String, campaign: String?, language: String?, languageReason: String, templateName: String?,
        why: String?, noReply: String?, from: String? = nil, to: String? = nil, subject: String? = nil,
        text: String? = nil, html: String? = nil
    ) {
        self.source = source
        self.campaign = campaign
        self.language = language
        self.languageReason = languageReason
        self.templateName = templateName
        self.why = why
        self.noReply = noReply
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// Renders replies as intake would (its parser, source rules, reply policy, language detection and composer):
/// Intake provides it, since those settings live in leadmail.yml, and the shells reach it only through the desk.
public protocol TemplatePreviewing: Sendable {
    /// The reply a pasted message would get from `library`, as if it had just arrived (`template`: that one
    /// instead of the one the rules choose).
    func preview(email: [UInt8], template: String?, library: TemplateLibrary, now: Date) throws -> TemplatePreview
    /// The reply a recorded lead would get from `library` now, from its first enquiry.
    func preview(
        lead: Lead, communications: [Communication], template: String?, owner: SalesPerson?,
        library: TemplateLibrary, now: Date
    ) throws -> TemplatePreview
}

/// Marketing tries a template before and after saving it: rendered for a lead or for a pasted email, which
/// template an email would get, and a test copy sent to themselves. All of it needs the `templates` right.
extension LeadDesk {
    /// Where a preview is rendered for: a recorded lead, or a pasted message (as intake would parse it).
    public enum PreviewSample: Sendable, Hashable {
        case lead(Int64)
        case email(String)
    }

    /// The reply template `name` (with `text` in place of its file when given, checked first) rendered for the
    /// sample. The lead is read with the `view` right in the user's scope.
    /// - Throws: `TemplateEditError.problems` when `text` does not pass the checks.
    public func previewTemplate(_ name: String, text: String?, for sample: PreviewSample, by user: User) async throws
        -> TemplatePreview
    {
        let (library, previewer) = try previewing(name, text: text, by: user)
        let template = Self.templateName(of: name)
        guard library.template(named: template) != nil else { throw TemplatePreviewError.notAReply(name) }
        return try await render(template, sample, library: library, previewer: previewer, by: user)
    }

    /// Which template the folder as saved gives a pasted email, and why.
    public func whichTemplate(forEmail email: String, by user: User) async throws -> TemplatePreview {
        try permissions.check(.templates, by: user)
        guard let previewer = templatePreviewer, let editor = templateEditor else {
            throw TemplatePreviewError.unavailable
        }
        let library = try TemplateLibrary.load(directory: editor.directory)
        return try previewer.preview(email: Self.messageBytes(email), template: nil, library: library, now: clock())
    }

    /// Renders the template for the sample and queues it, marked as a test, to `user`'s own address through the
    /// outbox (on the lead's outbox, so its delivery shows there), logged with who sent it.
    @discardableResult
    public func sendTemplateTest(_ name: String, text: String?, forLead leadID: Int64, by user: User) async throws
        -> OutboxItem
    {
        let (library, previewer) = try previewing(name, text: text, by: user)
        let template = Self.templateName(of: name)
        guard library.template(named: template) != nil else { throw TemplatePreviewError.notAReply(name) }
        let preview = try await render(template, .lead(leadID), library: library, previewer: previewer, by: user)
        guard let settings = letters else { throw LetterError.noSender }
        guard let subject = preview.subject, let text = preview.text else {
            throw TemplatePreviewError.nothingRendered(preview.noReply ?? "no reply")
        }
        guard case .success(let address) = EmailAddress.checked(user.email) else {
            throw LetterError.undeliverable(user.email)
        }
        let now = clock()
        let lead = try await records.read { tx in try self.lead(leadID, for: .view, by: user, in: tx).0 }
        let outgoing = OutgoingMessage(
            from: settings.sender, to: [MailAddress(name: user.name, address: address)],
            subject: "[Test] " + subject, text: text, html: preview.html, date: now,
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"), ("X-LeadMail-Lead", lead.number),
                ("X-LeadMail-Template-Test", template),
            ])
        var mail = OutgoingMail(
            messageID: outgoing.messageID, envelopeFrom: settings.sender.address,
            recipients: outgoing.envelopeRecipients, from: settings.sender.description, to: address,
            subject: "[Test] " + subject, text: text, raw: outgoing.rendered())
        mail.kind = .notification
        let queued = try await records.write { [mail] tx in try tx.queue(mail, leadID: leadID, at: now) }
        workflow.logger.notice(
            "template test of \(template) for \(lead.number) queued to \(address) by \(user.actorName)")
        return queued
    }

    /// `web-form.html.mustache` → `web-form`, `notifications/new-lead.mustache` → `notifications/new-lead`.
    static func templateName(of file: String) -> String {
        for suffix in [".html.mustache", ".mustache"] where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count))
        }
        return file
    }

    private func previewing(_ name: String, text: String?, by user: User) throws
        -> (TemplateLibrary, any TemplatePreviewing)
    {
        try permissions.check(.templates, by: user)
        guard let previewer = templatePreviewer, let editor = templateEditor else {
            throw TemplatePreviewError.unavailable
        }
        let library =
            if let text { try editor.library(with: name, text: text) } else {
                try TemplateLibrary.load(directory: editor.directory)
            }
        return (library, previewer)
    }

    private func render(
        _ template: String, _ sample: PreviewSample, library: TemplateLibrary, previewer: any TemplatePreviewing,
        by user: User
    ) async throws -> TemplatePreview {
        let now = clock()
        switch sample {
        case .email(let email):
            return try previewer.preview(
                email: Self.messageBytes(email), template: template, library: library, now: now)
        case .lead(let id):
            let (lead, communications, owner) = try await records.read {
                tx -> (Lead, [Communication], SalesPerson?) in
                let (lead, lifecycle) = try self.lead(id, for: .view, by: user, in: tx)
                let owner = try lifecycle.owner.map { email in
                    SalesPerson(name: try tx.user(email: email)?.name ?? email, email: email)
                }
                return (lead, try tx.communications(leadID: id), owner)
            }
            return try previewer.preview(
                lead: lead, communications: communications, template: template, owner: owner, library: library,
                now: now)
        }
    }

    /// A pasted message as bytes, its line ends made CRLF as they arrive by mail.
    static func messageBytes(_ text: String) -> [UInt8] {
        let unix = text.replacingOccurrences(of: "\r\n", with: "\n")
        return Array(unix.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}

/// Why a template cannot be tried out as asked.
public enum TemplatePreviewError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No templates folder or no previewer configured.
    case unavailable
    /// A partial is not a reply on its own.
    case notAReply(String)
    case nothingRendered(String)

    public var description: String {
        switch self {
        case .unavailable:
            "Previews need the templates folder of leadmail.yml; this workspace was started without one."
        case .notAReply(let name):
            "\(name) is a piece other templates include, not a reply; preview a template that uses it."
        case .nothingRendered(let why): "No reply would be sent (\(why)), so there is nothing to send as a test."
        }
    }
}
