/// Renders a ``MustacheDocument`` with one lead's values into a single string.
///
/// Values are strings looked up by name; a missing or empty value renders as nothing, skips `{{#name}}` sections
/// and shows `{{^name}}` ones. Inside a section, names still mean the lead's values (a string has no fields) and
/// `{{.}}` is the section's own value.
struct MustacheRenderer {
    private let values: [String: String]
    private let partials: [String: MustacheDocument]
    /// The UTF-8 of the output so far: pieces are appended as bytes, and one String is made at the end.
    private var output: [UInt8] = []
    /// The values of the sections being rendered, innermost last, for `{{.}}`.
    private var sectionValues: [String] = []

    /// Renders `document`, taking `{{> name}}` from `partials`; an unknown partial renders as nothing, as in
    /// Mustache (the checker has already refused templates that name one).
    static func render(
        _ document: MustacheDocument, values: [String: String], partials: [String: MustacheDocument]
    ) -> String {
        var renderer = MustacheRenderer(values: values, partials: partials)
        renderer.output.reserveCapacity(4096)
        renderer.render(document.nodes, escaping: document.escaping, indentation: "")
        return String(decoding: renderer.output, as: UTF8.self)
    }

    private init(values: [String: String], partials: [String: MustacheDocument]) {
        self.values = values
        self.partials = partials
    }

    private mutating func render(
        _ nodes: [MustacheDocument.Node], escaping: MustacheDocument.Escaping, indentation: String
    ) {
        for node in nodes {
            switch node {
            case .text(let text):
                append(text, indentation: indentation)
            case .variable(let name, let escaped):
                guard let value = value(named: name) else { continue }
                if escaped, escaping == .html {
                    appendEscapingHTML(value, indentation: indentation)
                } else {
                    append(value, indentation: indentation)
                }
            case .section(let name, let children):
                guard let value = value(named: name) else { continue }
                sectionValues.append(value)
                render(children, escaping: escaping, indentation: indentation)
                sectionValues.removeLast()
            case .invertedSection(let name, let children):
                guard value(named: name) == nil else { continue }
                render(children, escaping: escaping, indentation: indentation)
            case .partial(let name, let extra):
                guard let partial = partials[name] else { continue }
                render(partial.nodes, escaping: partial.escaping, indentation: indentation + (extra ?? ""))
            }
        }
    }

    private func value(named name: String) -> String? {
        if name == "." { return sectionValues.last }
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// Appends one node's output. Inside an indented partial, output that starts a new line is indented first: per
    /// node, as swift-mustache does, so a value's own line breaks are not indented.
    private mutating func append(_ piece: String, indentation: String) {
        guard !piece.isEmpty else { return }
        if !indentation.isEmpty, endsWithLineFeed { output.append(contentsOf: indentation.utf8) }
        output.append(contentsOf: piece.utf8)
    }

    /// Whether the output ends with a line feed that is a character of its own (not the end of a CR LF pair).
    private var endsWithLineFeed: Bool {
        guard output.last == UInt8(ascii: "\n") else { return false }
        return output.count < 2 || output[output.count - 2] != UInt8(ascii: "\r")
    }

    /// Appends a value for an HTML body with `&`, `<`, `>`, `"` and `'` escaped, byte by byte: a quote followed by a
    /// combining mark is still a quote to a browser, though it is one Character to Swift.
    private mutating func appendEscapingHTML(_ value: String, indentation: String) {
        let bytes = value.utf8
        guard bytes.contains(where: { Self.htmlEscapes[Int($0)] != nil }) else {
            append(value, indentation: indentation)
            return
        }
        // The escaped value is never empty (it holds a replacement) and goes straight onto the output.
        if !indentation.isEmpty, endsWithLineFeed { output.append(contentsOf: indentation.utf8) }
        for byte in bytes {
            if let replacement = Self.htmlEscapes[Int(byte)] {
                output.append(contentsOf: replacement.utf8)
            } else {
                output.append(byte)
            }
        }
    }

    /// The replacement for each byte that HTML needs escaped, indexed by byte; nil for the others.
    private static let htmlEscapes: [String?] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}
