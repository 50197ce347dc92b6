import Foundation
import LeadDesk
import Leads
import Templates

/// The desk's template previews (the web workspace's editor), made by `ReplyPreviewer`: the same parser, source
/// rules, reply policy, language detection and composer as the pipeline, over the library marketing is editing.
public struct IntakeTemplatePreviewer: TemplatePreviewing {
    let configuration: LeadMailConfiguration

    public init(configuration: LeadMailConfiguration) {
        self.configuration = configuration
    }

    public func preview(email: [UInt8], template: String?, library: TemplateLibrary, now: Date) throws
        -> TemplatePreview
    {
        let previewer = ReplyPreviewer(configuration: configuration, library: library)
        return Self.shown(try previewer.preview(message: email, template: template, now: now))
    }

    public func preview(
        lead: Lead, communications: [Communication], template: String?, owner: SalesPerson?,
        library: TemplateLibrary, now: Date
    ) throws -> TemplatePreview {
        let previewer = ReplyPreviewer(configuration: configuration, library: library)
        return Self.shown(
            try previewer.preview(
                lead: lead, communications: communications, template: template, owner: owner, now: now))
    }

    static func shown(_ preview: ReplyPreview) -> TemplatePreview {
        TemplatePreview(
            source: preview.source, campaign: preview.campaign, language: preview.language.language,
            languageReason: preview.language.reason, templateName: preview.choice?.template.name,
            why: preview.choice?.explanation(
                source: preview.source, campaign: preview.campaign, language: preview.language.language),
            noReply: preview.noReply, from: preview.mail?.from, to: preview.mail?.to, subject: preview.mail?.subject,
            text: preview.mail?.text, html: preview.html)
    }
}
