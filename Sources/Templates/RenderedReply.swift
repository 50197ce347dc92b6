/// A reply ready to be composed into a message: subject, plain-text body and optional HTML body.
///
/// The MIME module turns it into `text/plain` or `multipart/alternative` when `html` is present.
public struct RenderedReply: Sendable, Equatable {
    /// The template that produced this reply, for the message log.
    public var templateName: String
    /// The rendered subject, trimmed and on a single line (values cannot inject header lines).
    public var subject: String
    /// The plain-text body; values appear exactly as given, without HTML escaping.
    public var text: String
    /// The HTML body when the template has an `.html.mustache` sibling; values are HTML-escaped.
    public var html: String?
    /// The sender address override from the template's front matter, if any.
    public var from: String?
    /// The Reply-To address from the template's front matter, if any.
    public var replyTo: String?
    /// Copies from the template's front matter (`cc`, `bcc`).
    public var cc: [String] = []
    public var bcc: [String] = []
    /// Minutes to hold the reply in the outbox (front matter `delay`), so it does not look robotic.
    public var delay = 0

    /// Creates a reply; normally produced by ``TemplateLibrary/render(_:context:)``.
    public init(
        templateName: String, subject: String, text: String, html: String? = nil,
        from: String? = nil, replyTo: String? = nil
    ) {
        self.templateName = templateName
        self.subject = subject
        self.text = text
        self.html = html
        self.from = from
        self.replyTo = replyTo
    }
}
