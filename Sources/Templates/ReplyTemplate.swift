import MIME

/// One reply template as marketing wrote it: which enquiries it answers and how the reply is sent.
///
/// Obtain templates from ``TemplateLibrary/load(directory:)`` and pick one with
/// ``TemplateLibrary/choose(source:campaign:language:)``; render it with ``TemplateLibrary/render(_:context:)``.
public struct ReplyTemplate: Sendable, Hashable {
    /// The file stem, e.g. `web-form` for `templates/web-form.mustache` (`web-form.de` for a German variant);
    /// `default` is the fallback template; notifications are named `notifications/new-lead`.
    public let name: String
    /// The file holding the front matter, as given to `load`, for messages that point marketing at the file.
    public let file: String
    /// The lead sources this template answers (front matter `sources`); empty only for default templates.
    public let sources: [String]
    /// When not empty, the template answers only these campaigns of its sources (front matter `campaigns`).
    public let campaigns: [String]
    /// When not empty, the template answers only enquiries in these languages (front matter `languages`).
    public let languages: [String]
    /// `false` records the lead but sends no reply (front matter `autoreply`, default `true`).
    public let autoreply: Bool
    /// Overrides the configured sender address for this template's replies (front matter `from`).
    public let from: String?
    /// Sets a Reply-To address for this template's replies (front matter `replyTo`).
    public let replyTo: String?
    /// Copies of the reply (front matter `cc`, `bcc`).
    public let cc: [String]
    public let bcc: [String]
    /// Minutes the reply waits in the outbox before it is sent (front matter `delay`).
    public let delay: Int
    /// Whether the template has an HTML body; an HTML-only template gets its text part generated.
    public let hasHTML: Bool

    /// Creates a template description; the library builds these while loading, after checking the file.
    init(name: String, file: String, frontMatter: FrontMatter, hasHTML: Bool) {
        self.name = name
        self.file = file
        self.sources = frontMatter.sources ?? []
        self.campaigns = frontMatter.campaigns
        self.languages = frontMatter.languages
        self.autoreply = frontMatter.autoreply
        self.from = frontMatter.from
        self.replyTo = frontMatter.replyTo
        self.cc = frontMatter.cc
        self.bcc = frontMatter.bcc
        self.delay = frontMatter.delay
        self.hasHTML = hasHTML
    }
}

extension ReplyTemplate {
    /// The name of the template that answers every enquiry no other template claims.
    static let defaultName = "default"

    /// True for `default` and language defaults such as `default.de`: they answer any source.
    var isDefault: Bool {
        sources.isEmpty && (name == Self.defaultName || name.hasPrefix(Self.defaultName + "."))
    }

    /// Whether this template names the source, compared without regard to case.
    func answers(source: String) -> Bool {
        sources.contains { Self.equalIgnoringCase($0, source) }
    }

    /// Whether this template names the campaign, compared without regard to case.
    func answers(campaign: String) -> Bool {
        campaigns.contains { Self.equalIgnoringCase($0, campaign) }
    }

    /// Foundation's case-insensitive comparison, which is slow for a short name, only for names that are
    /// not both ASCII; sources and campaigns nearly always are, and every enquiry's choice compares a dozen.
    static func equalIgnoringCase(_ left: String, _ right: String) -> Bool {
        guard left.utf8.allSatisfy({ $0 < 0x80 }), right.utf8.allSatisfy({ $0 < 0x80 }) else {
            return left.caseInsensitiveCompare(right) == .orderedSame
        }
        return left.equalsIgnoringASCIICase(right)
    }

    /// Whether this template names the language.
    func answers(language: String) -> Bool {
        languages.contains(language.lowercased())
    }
}
