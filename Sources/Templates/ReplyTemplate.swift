/// One reply template as marketing wrote it: which enquiries it answers and how the reply is sent.
///
/// Obtain templates from ``TemplateLibrary/load(directory:)`` and pick one with
/// ``TemplateLibrary/choose(source:campaign:)``; render it with ``TemplateLibrary/render(_:context:)``.
public struct ReplyTemplate: Sendable, Hashable {
    /// The file stem, e.g. `web-form` for `templates/web-form.mustache`; `default` is the fallback template.
    public let name: String
    /// The template's path as given to `load`, for messages that point marketing at the file.
    public let file: String
    /// The lead sources this template answers (front matter `sources`); empty only for `default`.
    public let sources: [String]
    /// When not empty, the template answers only these campaigns of its sources (front matter `campaigns`).
    public let campaigns: [String]
    /// `false` records the lead but sends no reply (front matter `autoreply`, default `true`).
    public let autoreply: Bool
    /// Overrides the configured sender address for this template's replies (front matter `from`).
    public let from: String?
    /// Sets a Reply-To address for this template's replies (front matter `replyTo`).
    public let replyTo: String?

    /// Creates a template description; the library builds these while loading, after checking the file.
    init(
        name: String, file: String, sources: [String], campaigns: [String],
        autoreply: Bool, from: String?, replyTo: String?
    ) {
        self.name = name
        self.file = file
        self.sources = sources
        self.campaigns = campaigns
        self.autoreply = autoreply
        self.from = from
        self.replyTo = replyTo
    }
}

extension ReplyTemplate {
    /// The name of the template that answers every enquiry no other template claims.
    static let defaultName = "default"

    /// Whether this template names the source, compared without regard to case.
    func answers(source: String) -> Bool {
        sources.contains { $0.caseInsensitiveCompare(source) == .orderedSame }
    }

    /// Whether this template names the campaign, compared without regard to case.
    func answers(campaign: String) -> Bool {
        campaigns.contains { $0.caseInsensitiveCompare(campaign) == .orderedSame }
    }
}
