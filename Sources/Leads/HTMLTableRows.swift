import MIME

/// The text of the cells of every table row in an HTML document, enough to read form notifications.
///
/// Not an HTML parser: it finds `<tr>`, `<td>` and `<th>` (any case, with attributes), drops other tags,
/// turns `<br>` into a newline, decodes the entities notifications use, and collapses spaces. Nested tables
/// give their inner rows (the outer cell's text then holds the inner text too and is ignored by callers that
/// look for label/value pairs, since it spans several fields).
enum HTMLTableRows {
    static func rows(in html: String) -> [[String]] {
        var html = html
        return html.withUTF8(rows(inBytes:))
    }

    /// On the UTF-8 bytes: "<" and ">" are ASCII, so the text between tags is cut at character boundaries and goes
    /// into the open cell in one piece. Tags are found with `memchr` and told apart by their name's bytes, with no
    /// String made for them: a notification's HTML has a few dozen tags a row.
    private static func rows(inBytes bytes: UnsafeBufferPointer<UInt8>) -> [[String]] {
        var rows: [[String]] = []
        var row: [String]?
        var cell: String?
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var index = 0
        while index < bytes.count {
            let open = bytes.firstOffset(of: UInt8(ascii: "<"), from: index) ?? bytes.count
            if open > index, cell != nil { cell!.append(text(index..<open)) }
            guard open < bytes.count else { break }
            guard let close = bytes.firstOffset(of: UInt8(ascii: ">"), from: open) else {
                if cell != nil { cell!.append(text(open..<bytes.count)) }
                break
            }
            switch Tag(bytes[(open + 1)..<close]) {
            case .tr:
                row.map { rows.append($0) }
                row = []
                cell = nil
            case .trEnd:
                if let open = cell { row?.append(clean(open)) }
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case .cell:
                if let open = cell { row?.append(clean(open)) }
                if row == nil { row = [] }
                cell = ""
            case .cellEnd:
                if let open = cell { row?.append(clean(open)) }
                cell = nil
            case .table:
                // An inner table: close the outer row's cell without keeping it.
                row.map { rows.append($0) }
                row = nil
                cell = nil
            case .lineBreak:
                if cell != nil { cell!.append("\n") }
            case .skipped(let closing):
                // Up to the end of "</style" or "</script", in any case; what follows it is read as text.
                index =
                    bytes.firstOffset(ofIgnoringASCIICase: closing, from: close).map { $0 + closing.count }
                    ?? bytes.count
                continue
            case .other:
                break
            }
            index = close + 1
        }
        return rows.filter { !$0.isEmpty }
    }

    /// What a tag means here, from its name: its leading ASCII letters and slashes, lowercased ("tr", "/td", "br/"
    /// of `<BR/>`).
    private enum Tag {
        case tr, trEnd, cell, cellEnd, table, lineBreak, other
        case skipped(closing: [UInt8])

        init(_ tag: Slice<UnsafeBufferPointer<UInt8>>) {
            // Every name below has at most six bytes: a longer one is none of them.
            var name: UInt64 = 0
            var length = 0
            for byte in tag {
                let lower = byte.lowercasedASCII
                guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || byte == UInt8(ascii: "/") else {
                    break
                }
                length += 1
                guard length <= 7 else {
                    self = .other
                    return
                }
                name = name << 8 | UInt64(byte == UInt8(ascii: "/") ? byte : lower)
            }
            switch name {
            case Self.code("tr"): self = .tr
            case Self.code("/tr"): self = .trEnd
            case Self.code("td"), Self.code("th"): self = .cell
            case Self.code("/td"), Self.code("/th"): self = .cellEnd
            case Self.code("table"): self = .table
            case Self.code("br"), Self.code("br/"), Self.code("/p"), Self.code("/div"): self = .lineBreak
            case Self.code("style"): self = .skipped(closing: Array("</style".utf8))
            case Self.code("script"): self = .skipped(closing: Array("</script".utf8))
            default: self = .other
            }
        }

        /// A name's bytes in one number, as `init` builds it.
        private static func code(_ name: StaticString) -> UInt64 {
            UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                .reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// Entities decoded, spaces collapsed within lines, blank lines dropped.
    static func clean(_ text: String) -> String {
        decodeEntities(text)
            .split(separator: "\n")
            .map {
                $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{00A0}" })
                    .joined(separator: " ")
            }
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
            let scalar = Unicode.Scalar(code)
        {
            return String(Character(scalar))
        }
        if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
            return String(Character(scalar))
        }
        return nil
    }
}
