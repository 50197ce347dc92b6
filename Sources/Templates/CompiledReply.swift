import Mustache

/// The parsed Mustache for one reply template, kept next to the library so rendering never re-reads files.
struct CompiledReply: Sendable {
    var subject: MustacheTemplate
    /// nil for an HTML-only template: the text part is generated from the rendered HTML.
    var text: MustacheTemplate?
    var html: MustacheTemplate?
}

extension MustacheTemplate {
    /// Parses text whose values must come out exactly as given (plain text and subjects): swift-mustache
    /// escapes for HTML unless told otherwise, so the text starts with its content-type pragma.
    static func plainText(_ text: String) throws -> MustacheTemplate {
        try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
    }

    /// How many lines `plainText` puts before the text.
    static let plainTextPragmaLines = 1
}
