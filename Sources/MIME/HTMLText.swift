/// Turns an HTML body into readable plain text, for mail that has no text/plain alternative.
///
/// A single forward pass over the UTF-8 bytes (no regular expressions): scripts, styles, the head and
/// comments are dropped, block elements become line breaks, list items get "- ", table cells are separated
/// by a tab, entities are decoded and links keep their text with the URL appended when it differs.
public enum HTMLText {
    /// The text a reader sees: what `Message.text` holds for mail without a text/plain alternative, and what a
    /// form's HTML layout says when its text part is only a stub ("This message is in HTML").
    public static func plainText(fromHTML html: String) -> String {
        var converter = Converter(input: Array(html.utf8))
        converter.run()
        return converter.finish()
    }

    private static let blockTags: Set<String> = [
        "p", "div", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "section",
        "article", "header", "footer", "pre", "hr", "address", "center", "form", "dl", "dt", "dd", "tbody",
        "thead", "tfoot", "nav", "main", "aside", "figure", "caption", "title", "body", "html",
    ]
    private static let skippedTags: Set<String> = ["script", "style", "head", "noscript", "template", "xml"]

    private struct Converter {
        let input: [UInt8]
        var index = 0
        var output: [UInt8] = []
        /// Whether a space is owed before the next word (collapsed whitespace).
        var pendingSpace = false
        var preformatted = 0
        /// Open links: the href and where the link text starts in `output`.
        var links: [(href: String, textStart: Int)] = []
        /// Closing tags already searched for without success, so unclosed scripts stay linear.
        var missingClosers: Set<String> = []

        init(input: [UInt8]) {
            self.input = input
            output.reserveCapacity(input.count / 2)
        }

        mutating func run() {
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "<") {
                    readMarkup()
                } else if byte == UInt8(ascii: "&") {
                    readEntity()
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    if preformatted > 0 {
                        if byte != 0x0D { output.append(byte == 0x0C ? 0x20 : byte) }
                    } else {
                        pendingSpace = true
                    }
                    index += 1
                } else {
                    appendByte(byte)
                    index += 1
                }
            }
        }

        /// Appends visible text, emitting a collapsed space first when one is owed.
        mutating func appendText(_ bytes: [UInt8]) {
            if pendingSpace {
                if let last = output.last, last != 0x0A, last != 0x20, last != 0x09 { output.append(0x20) }
                pendingSpace = false
            }
            output.append(contentsOf: bytes)
        }

        /// `appendText` for one byte, without an array per byte (most of an HTML body goes through here).
        mutating func appendByte(_ byte: UInt8) {
            if pendingSpace {
                if let last = output.last, last != 0x0A, last != 0x20, last != 0x09 { output.append(0x20) }
                pendingSpace = false
            }
            output.append(byte)
        }

        mutating func lineBreak() {
            pendingSpace = false
            while let last = output.last, last == 0x20 || last == 0x09 { output.removeLast() }
            output.append(0x0A)
        }

        mutating func ensureLineStart() {
            pendingSpace = false
            if let last = output.last, last != 0x0A { lineBreak() }
        }

        mutating func readMarkup() {
            let next = index + 1 < input.count ? input[index + 1] : 0
            // Comments and declarations (checked only after "<!" or "<?": most "<" open a tag).
            if next == UInt8(ascii: "!") && starts(with: "<!--") {
                index = find("-->", from: index + 4).map { $0 + 3 } ?? input.count
                return
            }
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                index = (input[index...].firstIndex(of: UInt8(ascii: ">")) ?? input.count - 1) + 1
                return
            }
            var cursor = index + 1
            let closing = cursor < input.count && input[cursor] == UInt8(ascii: "/")
            if closing { cursor += 1 }
            let nameStart = cursor
            while cursor < input.count, isNameByte(input[cursor]) { cursor += 1 }
            guard cursor > nameStart else {  // a lone "<" is text
                appendByte(input[index])
                index += 1
                return
            }
            let name = String(decoding: input[nameStart..<cursor], as: UTF8.self).lowercased()
            // Attributes up to ">" (quotes respected).
            var attributes: [UInt8] = []
            var quote: UInt8?
            while cursor < input.count {
                let byte = input[cursor]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                attributes.append(byte)
                cursor += 1
            }
            index = min(cursor + 1, input.count)
            handleTag(name, closing: closing, attributes: attributes)
        }

        mutating func handleTag(_ name: String, closing: Bool, attributes: [UInt8]) {
            if !closing && HTMLText.skippedTags.contains(name) {
                let closer = "</" + name
                if !missingClosers.contains(name), let end = findCaseInsensitive(closer, from: index) {
                    index = (input[end...].firstIndex(of: UInt8(ascii: ">")) ?? input.count - 1) + 1
                } else {
                    missingClosers.insert(name)
                }
                return
            }
            switch name {
            case "br":
                lineBreak()
            case "li":
                ensureLineStart()
                if !closing { output.append(contentsOf: Array("- ".utf8)) }
            case "td", "th":
                if !closing, let last = output.last, last != 0x0A {
                    while let tail = output.last, tail == 0x20 { output.removeLast() }
                    output.append(0x09)
                    pendingSpace = false
                }
            case "a":
                if closing {
                    closeLink()
                } else {
                    if links.count >= 16 { links.removeFirst() }  // nesting beyond this is junk; keep it bounded
                    links.append((href: attributeValue("href", in: attributes) ?? "", textStart: output.count))
                }
            case "img":
                if let alt = attributeValue("alt", in: attributes), !alt.isEmpty {
                    appendText(Array(alt.utf8))
                }
            case "pre":
                preformatted = max(0, preformatted + (closing ? -1 : 1))
                ensureLineStart()
            default:
                if HTMLText.blockTags.contains(name) {
                    ensureLineStart()
                    if name == "p" || name.count == 2 && name.first == "h" && name != "hr" {
                        // Paragraphs and headings stand apart by a blank line.
                        if output.count >= 1, output.last == 0x0A {
                            output.append(0x0A)
                        }
                    }
                }
            }
        }

        mutating func closeLink() {
            guard let link = links.popLast() else { return }
            var href = link.href.trimmingASCIIWhitespace()
            let start = min(link.textStart, output.count)
            // Link text longer than any URL cannot equal it; skip decoding it (keeps junk input linear).
            let text =
                output.count - start > 4_096
                ? ""
                : String(decoding: output[start...], as: UTF8.self)
                    .trimmingASCIIWhitespace()
            let scheme = href.prefix { $0 != ":" }.lowercased()
            if scheme == "mailto" { href = String(href.dropFirst(7)) }
            guard !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") else { return }
            if scheme == "tel" || scheme == "callto" {
                // A signature's number as a link: the number once, as written ("Tel: +1 844-326-7795", not
                // "… (tel:+18443267795)", which no reader of phone numbers takes for one).
                href = String(href.dropFirst(scheme.count + 1))
                if Self.digits(of: text) == Self.digits(of: href) { return }
            }
            if text == href { return }
            if text.isEmpty && output.count == start {
                appendText(Array(href.utf8))
            } else {
                appendText(Array(" (\(href))".utf8))
            }
        }

        /// The ASCII digits of a phone number, whatever spaces, dashes and brackets it is written with.
        static func digits(of number: String) -> [UInt8] {
            number.utf8.filter { $0 &- UInt8(ascii: "0") < 10 }
        }

        /// The decoded value of an attribute in a tag's attribute bytes.
        func attributeValue(_ wanted: String, in attributes: [UInt8]) -> String? {
            var cursor = 0
            while cursor < attributes.count {
                while cursor < attributes.count, !isNameByte(attributes[cursor]) { cursor += 1 }
                let nameStart = cursor
                while cursor < attributes.count, isNameByte(attributes[cursor]) { cursor += 1 }
                let name = String(decoding: attributes[nameStart..<cursor], as: UTF8.self).lowercased()
                while cursor < attributes.count, isSpace(attributes[cursor]) { cursor += 1 }
                guard cursor < attributes.count, attributes[cursor] == UInt8(ascii: "=") else { continue }
                cursor += 1
                while cursor < attributes.count, isSpace(attributes[cursor]) { cursor += 1 }
                var valueStart = cursor
                var valueEnd = cursor
                if cursor < attributes.count, isQuote(attributes[cursor]) {
                    let quote = attributes[cursor]
                    valueStart = cursor + 1
                    valueEnd = attributes[valueStart...].firstIndex(of: quote) ?? attributes.count
                    cursor = min(valueEnd + 1, attributes.count)
                } else {
                    while valueEnd < attributes.count, attributes[valueEnd] > 0x20 { valueEnd += 1 }
                    cursor = valueEnd
                }
                if name == wanted {
                    return HTMLText.decodeEntities(Array(attributes[valueStart..<valueEnd]))
                }
            }
            return nil
        }

        mutating func readEntity() {
            if let (bytes, length) = HTMLEntities.decode(input, at: index) {
                if bytes == [0x20] {  // &nbsp; collapses like any other space
                    if preformatted > 0 { output.append(0x20) } else { pendingSpace = true }
                } else {
                    appendText(bytes)
                }
                index += length
            } else {
                appendText([UInt8(ascii: "&")])
                index += 1
            }
        }

        func starts(with text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard input.count - index >= bytes.count else { return false }
            return input[index..<(index + bytes.count)].elementsEqual(bytes)
        }

        func find(_ text: String, from start: Int) -> Int? {
            let bytes = Array(text.utf8)
            var cursor = start
            while cursor + bytes.count <= input.count {
                if input[cursor] == bytes[0], input[cursor..<(cursor + bytes.count)].elementsEqual(bytes) {
                    return cursor
                }
                cursor += 1
            }
            return nil
        }

        func findCaseInsensitive(_ text: String, from start: Int) -> Int? {
            input.withUnsafeBufferPointer {
                $0.firstOffset(ofIgnoringASCIICase: Array(text.lowercased().utf8), from: start)
            }
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            let letter = byte.lowercasedASCII
            return (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
        }

        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }

        func isQuote(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") }

        /// Trims every line, keeps at most one blank line in a row, and drops leading/trailing blank lines.
        mutating func finish() -> String {
            let text = String(decoding: output, as: UTF8.self)
            var lines: [Substring] = []
            var blankRun = 0
            for rawLine in text.linesSplitAtLineFeed {
                var line = rawLine
                while let last = line.last, last == " " || last == "\t" || last == "\u{A0}" { line.removeLast() }
                if preformatted == 0 {
                    while let first = line.first, first == " " { line.removeFirst() }
                }
                if line.isEmpty {
                    blankRun += 1
                    if blankRun > 1 || lines.isEmpty { continue }
                } else {
                    blankRun = 0
                }
                lines.append(line)
            }
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
    }

    /// Decodes entities inside an attribute value.
    static func decodeEntities(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), let (decoded, length) = HTMLEntities.decode(bytes, at: index) {
                output += decoded
                index += length
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
