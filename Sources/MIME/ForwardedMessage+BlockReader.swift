import Foundation

extension ForwardedMessage {
    /// Reads an inline forward out of a body: the marker line, the header block below it, the original text
    /// below that, and the note above it. One pass over the lines; a forward inside the forward (a colleague's
    /// colleague) is followed down to the original writer.
    enum BlockReader {
        /// The first forward in `text`, or nil. With `outlookNeedsForwardSubject`, an Outlook block (which
        /// Outlook also writes above quoted replies) counts only when the subject says it was forwarded.
        static func read(_ text: String, outlookNeedsForwardSubject: Bool) -> ForwardedMessage? {
            let lines = text.linesSplitAtLineFeed.map {
                $0.hasSuffix("\r") ? $0.dropLast() : $0
            }
            var index = 0
            while index < lines.count {
                let (quote, line) = unquoted(lines[index])
                var format = Labels.marker(line)
                var headerStart = index + 1
                if format == nil, Labels.field(line)?.kind == .from, looksLikeOutlookBlock(lines, from: index) {
                    format = .outlook
                    headerStart = index
                }
                guard let format else {
                    index += 1
                    continue
                }
                let body = lines[headerStart...].map { strip(quote, from: $0) }
                guard let block = HeaderBlock(lines: body) else {
                    index += 1
                    continue
                }
                let isForward = ForwardedMessage.isForwardSubject(block.subject)
                if format == .outlook && outlookNeedsForwardSubject && !isForward {
                    // Quoted history of a reply: nothing below it is a forward of this message.
                    return nil
                }
                let note = lines[..<index].joined(separator: "\n").trimmingSpacesAndNewlines()
                let original = body[block.bodyStart...].joined(separator: "\n")
                    .trimmingSpacesAndNewlines()
                var found = ForwardedMessage(
                    format: format, from: block.from, to: block.to, cc: block.cc, date: block.date,
                    dateText: block.dateText, subject: block.subject, text: original, note: note)
                found.fromText = block.from == nil ? block.fromText : nil
                let innerNeedsSubject = !ForwardedMessage.isForwardSubject(block.subject)
                if var inner = read(original, outlookNeedsForwardSubject: innerNeedsSubject), inner.from != nil {
                    // The colleague forwarded a forward: the original writer is the innermost one; the note that
                    // matters is the one written to us.
                    if !note.isEmpty { inner.note = note }
                    found = inner
                }
                return found
            }
            return nil
        }

        /// A bare Outlook header block: "From:" followed within a few lines by a date and a subject field.
        static func looksLikeOutlookBlock(_ lines: [Substring], from start: Int) -> Bool {
            var kinds: Set<Labels.Kind> = []
            for line in lines[start..<min(lines.count, start + 8)] {
                let (_, text) = unquoted(line)
                if text.isEmpty { break }
                if let field = Labels.field(text) { kinds.insert(field.kind) }
            }
            return kinds.contains(.date) && kinds.contains(.subject)
        }

        /// The `>` quote prefix of a line and the line without it (trimmed).
        static func unquoted(_ line: Substring) -> (prefix: Int, text: String) {
            var depth = 0
            var rest = line.drop { $0 == " " || $0 == "\t" }
            while rest.first == ">" {
                depth += 1
                rest = rest.dropFirst().drop { $0 == " " }
            }
            return (depth, rest.trimmingSpaces())
        }

        /// `line` with `depth` levels of `>` quoting removed (and the space after each).
        static func strip(_ depth: Int, from line: Substring) -> Substring {
            var rest = line
            for _ in 0..<depth {
                guard rest.first == ">" else { break }
                rest = rest.dropFirst()
                if rest.first == " " { rest = rest.dropFirst() }
            }
            return rest
        }
    }

    /// The forwarded header block ("From: …", "Sent: …", "To: …", "Subject: …") below a marker.
    struct HeaderBlock {
        var from: MailAddress?
        /// The From field's value, as written.
        var fromText: String
        var to: [MailAddress] = []
        var cc: [MailAddress] = []
        var date: Date?
        var dateText: String?
        var subject: String?
        /// Index (in the lines given) of the first line after the block.
        var bodyStart: Int

        /// Reads the block at the top of `lines` (after at most two blank lines); nil without a From field.
        init?(lines: [Substring]) {
            var index = lines.startIndex
            var skipped = 0
            while index < lines.endIndex, lines[index].trimmingSpaces().isEmpty, skipped < 2 {
                index += 1
                skipped += 1
            }
            var fields: [(kind: Labels.Kind, value: String)] = []
            while index < lines.endIndex {
                let line = lines[index].trimmingSpaces()
                if line.isEmpty { break }
                if let field = Labels.field(line) {
                    fields.append((field.kind, field.value))
                } else if let last = fields.last, last.kind == .to || last.kind == .cc,
                    line.utf8Contains("@") || line.hasSuffix(";") || line.hasSuffix(",")
                {
                    // Outlook and Thunderbird wrap long recipient lists.
                    fields[fields.count - 1].value += ", " + line
                } else if !fields.isEmpty {
                    // The body right below the block (HTML turned into text can lose the blank line).
                    break
                } else {
                    return nil
                }
                index += 1
            }
            guard let fromValue = fields.first(where: { $0.kind == .from })?.value else { return nil }
            from = Self.addresses(fromValue, field: "From").first
            fromText = fromValue
            to = fields.filter { $0.kind == .to }.flatMap { Self.addresses($0.value, field: "To") }
            cc = fields.filter { $0.kind == .cc }.flatMap { Self.addresses($0.value, field: "Cc") }
            subject = fields.first { $0.kind == .subject }?.value
            dateText = fields.first { $0.kind == .date }?.value
            date = dateText.flatMap(ForwardedMessage.InlineDate.parse)
            bodyStart = index
        }

        /// Addresses as forward blocks write them: "Name <a@b>", "Name [mailto:a@b]",
        /// "Name <a@b<mailto:a@b>>" (Outlook plain text of an HTML link), or a bare address.
        static func addresses(_ value: String, field: String) -> [MailAddress] {
            var parser = AddressListParser()
            return parser.parse(withoutMailtoLinks(value), field: field).filter { $0.address.utf8Contains("@") }
        }

        /// The value with its "mailto:" links reduced to plain addresses. Each form has a "mailto:": without a
        /// colon there is nothing to do, and Foundation's case-insensitive search is not worth it for every field.
        private static func withoutMailtoLinks(_ value: String) -> String {
            guard value.utf8.contains(UInt8(ascii: ":")) else { return value }
            var cleaned = value
            while let open = cleaned.range(of: "<mailto:", options: .caseInsensitive),
                let close = cleaned[open.upperBound...].firstIndex(of: ">")
            {
                cleaned.removeSubrange(open.lowerBound...close)
            }
            while let open = cleaned.range(of: "[mailto:", options: .caseInsensitive),
                let close = cleaned[open.upperBound...].firstIndex(of: "]")
            {
                let address = cleaned[open.upperBound..<close]
                cleaned.replaceSubrange(open.lowerBound...close, with: "<\(address)>")
            }
            // Gmail's HTML turned into text can leave "Name <a@b (mailto:a@b)>".
            while let open = cleaned.range(of: " (mailto:", options: .caseInsensitive),
                let close = cleaned[open.upperBound...].firstIndex(of: ")")
            {
                cleaned.removeSubrange(open.lowerBound...close)
            }
            return cleaned
        }
    }
}
