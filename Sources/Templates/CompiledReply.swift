/// The parsed pieces of one reply template, kept next to the library so rendering never re-reads files.
struct CompiledReply: Sendable {
    /// Rendered without escaping, then put on one line.
    var subject: MustacheDocument
    /// nil for an HTML-only template: the text part is generated from the rendered HTML.
    var text: MustacheDocument?
    var html: MustacheDocument?
}
