import Mustache

/// Text already escaped for HTML, for a template's `{{{name}}}`: swift-mustache escapes `{{name}}` character by
/// character through a dictionary, which for a long message (up to 256 KiB of a stranger's text) costs the lead
/// page most of its time. This escapes the same characters (`&`, `<`, `>`, `"`, `'`) byte by byte, so a quote
/// followed by a combining mark is escaped too. The only way to make one is from unescaped text.
struct EscapedHTML: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }

    init(_ text: String) {
        var html: [UInt8] = []
        html.reserveCapacity(text.utf8.count + 16)
        Self.escape(text, into: &html)
        renderText = String(decoding: html, as: UTF8.self)
    }

    /// A fragment a page writer built with `escape(_:into:)` for every value in it.
    init(built html: [UInt8]) {
        renderText = String(decoding: html, as: UTF8.self)
    }

    /// Appends `text` with what HTML gives a meaning escaped.
    static func escape(_ text: String, into html: inout [UInt8]) {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            html += bytes
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): html += "&amp;".utf8
            case UInt8(ascii: "<"): html += "&lt;".utf8
            case UInt8(ascii: ">"): html += "&gt;".utf8
            case UInt8(ascii: "\""): html += "&quot;".utf8
            case UInt8(ascii: "'"): html += "&#39;".utf8
            default: html.append(byte)
            }
        }
    }
}
