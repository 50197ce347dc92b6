#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds a `Message` from a parsed MIME tree: reads the product's header fields and chooses the body text,
/// the HTML and the attachments.
enum MessageAssembler {
    static func message(root: MIMEPart, context: inout ParseContext) -> Message {
        let headers = root.headers
        var message = Message(headers: headers, root: root)
        message.from = addresses("From", in: root, context: &context)
        message.to = addresses("To", in: root, context: &context)
        message.cc = addresses("Cc", in: root, context: &context)
        message.replyTo = addresses("Reply-To", in: root, context: &context)
        message.sender = addresses("Sender", in: root, context: &context).first
        message.subject = headers["Subject"]
        if let rawDate = headers["Date"] {
            message.date = MailDateParser.parse(rawDate)
            if message.date == nil { context.warn("Unreadable Date \"\(rawDate)\"; the message has no date.") }
        }
        message.messageID = headers["Message-ID"].flatMap(MessageIDParser.id(in:))
        message.inReplyTo = headers["In-Reply-To"].map(MessageIDParser.ids(in:)) ?? []
        message.references = headers["References"].map(MessageIDParser.ids(in:)) ?? []

        let textPath = BodyLocator.textPart(in: root)
        let htmlPath = BodyLocator.htmlPart(in: root)
        if let htmlPath {
            message.html = decodedText(of: root.descendant(at: htmlPath), context: &context)
        }
        if let textPath {
            message.text = decodedText(of: root.descendant(at: textPath), context: &context)
        } else if let html = message.html {
            message.text = HTMLText.plainText(fromHTML: html)
        }
        message.attachments = BodyLocator.attachments(in: root, excluding: [textPath, htmlPath].compactMap { $0 })
        return message
    }

    /// Address-list headers are parsed from the raw bytes so that an encoded comma stays inside its name.
    private static func addresses(_ name: String, in part: MIMEPart, context: inout ParseContext) -> [MailAddress] {
        let fields = part.headers.fields.filter { $0.name.equalsIgnoringASCIICase(name) }
        guard !fields.isEmpty else { return [] }
        var parser = AddressListParser()
        var result: [MailAddress] = []
        for field in fields {
            let raw = HeaderBlockReader.trimmed(field.rawValue.filter { $0 != 0x0D && $0 != 0x0A })
            result += parser.parse(CharsetDecoder.decodeUTF8OrWindows1252(raw).replacingNUL, field: name)
        }
        for warning in parser.warnings { context.warn(warning.message) }
        return result
    }

    /// A text part's body as a String in its charset, with line ends normalised to "\n".
    private static func decodedText(of part: MIMEPart, context: inout ParseContext) -> String {
        let charset = part.contentType.parameters["charset"]
        var body = part.body
        if let limit = context.limits.maxTextLength, body.count > limit { body = prefixAtLineEnd(body, limit) }
        let (text, fellBack) = CharsetDecoder.decodeWithFallback(body, charset: charset)
        if fellBack, let charset {
            context.warn(
                "Unknown charset \"\(charset)\" in a \(part.contentType.mimeType) part; "
                    + "read it as UTF-8 or Windows-1252.")
        }
        return normalizedLineEnds(text).replacingNUL
    }

    /// At most `limit` bytes from the start, ending after a line feed (or, in a line longer than the limit, before
    /// a byte of 0x80 or more), so no character of an ASCII-compatible charset is cut in two.
    static func prefixAtLineEnd(_ body: [UInt8], _ limit: Int) -> [UInt8] {
        let window = body[..<limit]
        if let lineFeed = window.lastIndex(of: 0x0A) { return Array(body[...lineFeed]) }
        let end = window.lastIndex { $0 < 0x80 }.map { $0 + 1 } ?? 0
        return Array(body[..<end])
    }

    static func normalizedLineEnds(_ text: String) -> String {
        var text = text
        // CR and LF are ASCII, so the UTF-8 bytes can be rewritten directly: CRLF and lone CR become LF. On the
        // contiguous bytes (a body's every byte passes here), with `memchr` to skip the texts without a CR.
        let normalized: String? = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var previousWasCR = false
                for byte in bytes {
                    if byte == 0x0A && previousWasCR {
                        previousWasCR = false
                        continue
                    }
                    previousWasCR = byte == 0x0D
                    output[written] = previousWasCR ? 0x0A : byte
                    written += 1
                }
                return written
            }
        }
        return normalized ?? text
    }
}

extension MIMEPart {
    /// The part reached by following child indexes from this one.
    func descendant(at path: [Int]) -> MIMEPart {
        var part = self
        for index in path { part = part.parts[index] }
        return part
    }

    /// A file rather than body text: disposition `attachment`. A name alone does not make one: Apple Mail and
    /// old mailers name their inline text parts, and the first text part is the body either way (as in
    /// Python's `email` and MimeKit).
    var isAttachment: Bool { disposition == "attachment" }
}
