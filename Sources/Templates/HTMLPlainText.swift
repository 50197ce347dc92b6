import Foundation

/// The text part of an HTML-only template: the rendered HTML read as a mail program's "plain text" view would.
///
/// It only has to handle the HTML marketing writes for replies (tables, paragraphs, links, line breaks), not the
/// web at large: blocks become lines, links keep their address, entities are decoded, markup disappears.
enum HTMLPlainText {
    static func text(fromHTML html: String) -> String {
        var text = html
        for pattern in ["<head[^>]*>.*?</head>", "<style[^>]*>.*?</style>", "<!--.*?-->"] {
            text = replace(pattern, in: text, with: "")
        }
        text = replace("\\s+", in: text, with: " ")
        text = replace("<a\\s[^>]*href=\"(https?:[^\"]*|mailto:[^\"]*)\"[^>]*>(.*?)</a>", in: text, with: "$2 ($1)")
        text = replace("<br\\s*/?>", in: text, with: "\n")
        text = replace("</(p|div|tr|h[1-6]|table|li|ul|ol)>", in: text, with: "\n\n")
        text = replace("<li[^>]*>", in: text, with: "- ")
        text = replace("</t[dh]>", in: text, with: " ")
        text = replace("<[^>]+>", in: text, with: "")
        text = decodeEntities(text)
        text = text.replacingOccurrences(of: "mailto:", with: "")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) {
            result.append(line)
        }
        // A link whose text is its own address reads better once: "https://acme.example".
        return replace("(\\S+) \\(\\1\\)", in: result.joined(separator: "\n"), with: "$1").trimmingWhitespace() + "\n"
    }

    private static func replace(_ pattern: String, in text: String, with template: String) -> String {
        let options: NSRegularExpression.Options = [.caseInsensitive, .dotMatchesLineSeparators]
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return text }
        return regex.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    private static func decodeEntities(_ text: String) -> String {
        var result = text
        let named = [
            "&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'",
            "&apos;": "'", "&ndash;": "–", "&mdash;": "—", "&hellip;": "…", "&middot;": "·",
            "&#x60;": "`", "&#x3D;": "=",
        ]
        for (entity, character) in named {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }
}
