extension OutgoingMessage {
    /// The full message as RFC 5322 bytes with CRLF line ends, ready for SMTP DATA or a maildir file.
    ///
    /// Header values are sanitised (no CR, LF or NUL can start a new header), non-ASCII text is RFC 2047
    /// encoded and long lines are folded. Bodies are UTF-8 quoted-printable; with `html` set the message
    /// is multipart/alternative with a boundary that quoted-printable output cannot contain.
    public func rendered() -> [UInt8] {
        var headers: [(String, String)] = [
            ("Date", MailDateFormatter.rfc5322(date)),
            ("From", HeaderEncoder.mailbox(from)),
        ]
        if !to.isEmpty { headers.append(("To", to.map(HeaderEncoder.mailbox).joined(separator: ", "))) }
        if !cc.isEmpty { headers.append(("Cc", cc.map(HeaderEncoder.mailbox).joined(separator: ", "))) }
        if !replyTo.isEmpty {
            headers.append(("Reply-To", replyTo.map(HeaderEncoder.mailbox).joined(separator: ", ")))
        }
        headers.append(("Subject", HeaderEncoder.unstructured(subject)))
        headers.append(("Message-ID", Self.bracketed(messageID)))
        if let inReplyTo, Self.isWritable(Self.idText(inReplyTo)) {
            headers.append(("In-Reply-To", Self.bracketed(inReplyTo)))
        }
        let referenceIDs = references.map(Self.idText).filter(Self.isWritable)
        if !referenceIDs.isEmpty {
            headers.append(("References", referenceIDs.map { "<\($0)>" }.joined(separator: " ")))
        }
        headers.append(("MIME-Version", "1.0"))
        for (name, value) in extraHeaders {
            let cleanName = HeaderSanitizer.cleanName(name)
            guard !cleanName.isEmpty, !Self.renderedHeaderNames.contains(cleanName.lowercased()) else { continue }
            headers.append((cleanName, HeaderEncoder.unstructured(value)))
        }

        var body: [UInt8] = []
        if let html {
            let boundary = Self.makeBoundary()
            headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
            body += Array("This is a multi-part message in MIME format.\r\n".utf8)
            for (subtype, content) in [("plain", text), ("html", html)] {
                body += Array("--\(boundary)\r\nContent-Type: text/\(subtype); charset=utf-8\r\n".utf8)
                body += Array("Content-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
                body += Self.partBody(content)
            }
            body += Array("--\(boundary)--\r\n".utf8)
        } else {
            headers.append(("Content-Type", "text/plain; charset=utf-8"))
            headers.append(("Content-Transfer-Encoding", "quoted-printable"))
            body = QuotedPrintableEncoder.encode(text)
        }

        var output: [UInt8] = []
        output.reserveCapacity(body.count + 1024)
        for (name, value) in headers {
            HeaderEncoder.appendFolded(name: name, value: value, to: &output)
            output += [0x0D, 0x0A]
        }
        output += [0x0D, 0x0A]
        output += body
        return output
    }

    /// Headers the renderer writes itself; extra headers with these names are dropped.
    private static let renderedHeaderNames: Set<String> = [
        "date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding", "sender", "return-path",
    ]

    /// A part's encoded body followed by the CRLF that belongs to the next delimiter. A trailing soft
    /// break is dropped there: the delimiter's CRLF already ends the text without adding a newline.
    private static func partBody(_ content: String) -> [UInt8] {
        var encoded = QuotedPrintableEncoder.encode(content)
        let count = encoded.count
        if count >= 3, encoded[count - 3] == UInt8(ascii: "="), encoded[count - 2] == 0x0D, encoded[count - 1] == 0x0A {
            encoded.removeLast(3)
        }
        // Otherwise the text ends with a newline: keep it, then the delimiter's own CRLF.
        encoded.append(0x0D)
        encoded.append(0x0A)
        return encoded
    }

    /// Starts with "=_", which quoted-printable output never contains ("=" is always followed by hex or CRLF).
    private static func makeBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<3).map { _ in String(generator.next() & 0xFFFF_FFFF, radix: 36) }.joined(separator: ".")
        return "=_LeadMail_" + random
    }

    /// The id without angle brackets, whitespace or NUL. Message-IDs are ASCII: their bytes are filtered directly
    /// (a reply carries up to 21 of them, and the Character filter was a third of its rendering); other text
    /// goes the Character way, where "\r\n" and whitespace with marks on it are single Characters.
    static func idText(_ id: String) -> String {
        guard id.utf8IsASCII else {
            return HeaderSanitizer.clean(id).filter { !$0.isWhitespace && $0 != "<" && $0 != ">" }
        }
        let dropped = { (byte: UInt8) in
            byte == 0 || byte == 0x20 || (0x09...0x0D).contains(byte) || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">")
        }
        guard
            id.utf8.withContiguousStorageIfAvailable({ $0.contains(where: dropped) })
                ?? id.utf8.contains(where: dropped)
        else { return id }
        return String(decoding: id.utf8.filter { !dropped($0) }, as: UTF8.self)
    }

    private static func bracketed(_ id: String) -> String { "<\(idText(id))>" }

    /// An id that fits a header line: a Message-ID cannot be folded, and a line may hold at most 998 bytes, so a
    /// stranger's id of thousands of bytes is left out of In-Reply-To and References rather than break the reply.
    private static func isWritable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 900
    }
}
