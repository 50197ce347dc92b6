/// One piece of template text (a subject, a body, a partial) parsed into what rendering walks: text, variables,
/// sections and partials.
///
/// LeadMail parses and renders its templates itself instead of through a general Mustache engine: the checker
/// admits a small subset (plain names, sections, inverted sections, partials, comments), and a reply is rendered for
/// every enquiry, where a general engine's look-ups by reflection were a tenth of the cost of recording a message.
/// The parse follows swift-mustache's, standalone-line rules included, so a template renders as it did there; the
/// tests hold the two to the same output.
struct MustacheDocument: Sendable {
    /// How values are written into the text: as they are (subjects, text bodies) or HTML-escaped (HTML bodies).
    enum Escaping: Sendable, Equatable {
        case none
        case html
    }

    /// A parsed part of the text, in order.
    indirect enum Node: Sendable, Equatable {
        /// Literal text; the parser ends a text node at each line end, which partial indentation relies on.
        case text(String)
        /// `{{name}}` (escaped by the document's escaping) or `{{{name}}}` / `{{& name}}` (never escaped).
        case variable(name: String, escaped: Bool)
        /// `{{#name}}…{{/name}}`: rendered once when the value is present and not empty, with `{{.}}` bound to it.
        case section(name: String, nodes: [Node])
        /// `{{^name}}…{{/name}}`: rendered when the value is missing or empty.
        case invertedSection(name: String, nodes: [Node])
        /// `{{> name}}`; `indentation` is the whitespace before a partial alone on its line, put before each of its
        /// lines (nil when the partial shares its line with other text).
        case partial(name: String, indentation: String?)
    }

    var nodes: [Node]
    var escaping: Escaping

    /// The same parse, writing values with another escaping: a partial serves text and HTML bodies alike.
    func escaped(_ escaping: Escaping) -> MustacheDocument {
        MustacheDocument(nodes: nodes, escaping: escaping)
    }
}
