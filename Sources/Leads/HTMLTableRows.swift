/// The text of the cells of every table row in an HTML document, enough to read form notifications.
///
/// Not an HTML parser: it finds `<tr>`, `<td>` and `<th>` (any case, with attributes), drops other tags,
/// turns `<br>` into a newline, decodes the entities notifications use, and collapses spaces. Nested tables
/// give their inner rows (the outer cell's text then holds the inner text too and is ignored by callers that
/// look for label/value pairs, since it spans several fields).
enum HTMLTableRows {
    static func rows(in html: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String]?
        var cell: String?
        // On the UTF-8 bytes: "<" and ">" are ASCII, so the text between tags is cut at character boundaries and
        // goes into the open cell in one piece.
        let bytes = html.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.endIndex
            if open > index, cell != nil { cell!.append(contentsOf: html[index..<open]) }
            guard open < bytes.endIndex else { break }
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) else {
                if cell != nil { cell!.append(contentsOf: html[open...]) }
                break
            }
            let name = tagName(bytes[bytes.index(after: open)..<close])
            switch name {
            case "tr":
                row.map { rows.append($0) }
                row = []
                cell = nil
            case "/tr":
                if let open = cell { row?.append(clean(open)) }
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case "td", "th":
                if let open = cell { row?.append(clean(open)) }
                if row == nil { row = [] }
                cell = ""
            case "/td", "/th":
                if let open = cell { row?.append(clean(open)) }
                cell = nil
            case "table":
                // An inner table: close the outer row's cell without keeping it.
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case "br", "br/", "/p", "/div":
                if cell != nil { cell!.append("\n") }
            case "style", "script":
                let closing = "</\(name)"
                index = html[close...].range(of: closing, options: .caseInsensitive)?.upperBound ?? html.endIndex
                continue
            default:
                break
            }
            index = bytes.index(after: close)
        }
        return rows.filter { !$0.isEmpty }
    }

    /// A tag's name, lowercased: its leading ASCII letters and slashes ("tr", "/td", "br/" of `<BR/>`).
    private static func tagName(_ tag: Substring.UTF8View) -> String {
        var name: [UInt8] = []
        for byte in tag {
            let lower = byte | 0x20
            if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") {
                name.append(lower)
            } else if byte == UInt8(ascii: "/") {
                name.append(byte)
            } else {
                break
            }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// Entities decoded, spaces collapsed within lines, blank lines dropped.
    static func clean(_ text: String) -> String {
        decodeEntities(text)
            .split(separator: "\n")
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{00A0}" })
                .joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.utf8Contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(10).firstIndex(of: ";") else {
                out.append("&")
                rest = after
                continue
            }
            let entity = after[..<semi]
            if let decoded = decode(entity) {
                out += decoded
                rest = after[after.index(after: semi)...]
            } else {
                out.append("&")
                rest = after
            }
        }
        return out + rest
    }

    private static func decode(_ entity: Substring) -> String? {
        let named: [Substring: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "#39": "'",
            "eacute": "é", "egrave": "è", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ntilde": "ñ",
            "aacute": "á", "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç",
        ]
        if let value = named[entity] { return value }
        if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
           let scalar = Unicode.Scalar(code) { return String(Character(scalar)) }
        if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
            return String(Character(scalar))
        }
        return nil
    }
}
