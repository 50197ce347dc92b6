import Foundation

/// Turns the raw bytes of an email into a `Message`.
///
/// It reads what real mailers send — CRLF or LF, 8-bit headers, broken encodings, missing boundaries —
/// and records its guesses as warnings. It throws only for input that is not a message at all or that
/// breaks `ParseLimits`, and it runs in time linear in the input size.
public struct MessageParser: Sendable {
    /// The limits this parser enforces.
    public let limits: ParseLimits

    /// Creates a parser; pass tighter `limits` for untrusted bulk input.
    public init(limits: ParseLimits = .default) {
        self.limits = limits
    }

    /// Parses one message.
    ///
    /// - Throws: `MessageParseError` when the bytes are empty, do not start with a header block, or exceed
    ///   a limit; the error's description is fit to show as the reason the file was quarantined.
    public func parse(_ bytes: [UInt8]) throws(MessageParseError) -> Message {
        if bytes.count > limits.maxMessageSize {
            throw .tooLarge(size: bytes.count, limit: limits.maxMessageSize)
        }
        guard let firstContent = bytes.firstIndex(where: { !HeaderBlockReader.isBlank($0) }) else {
            throw .empty
        }
        // Leading blank lines are skipped; leading blanks on the first line are not (it would be a continuation).
        var start = bytes[..<firstContent].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        if Self.startsWithMboxSeparator(bytes, at: start) {
            start = (bytes[start...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
        }
        var context = ParseContext(limits: limits)
        var message = try parseMessage(bytes[start...], depth: 0, context: &context)
        message.size = bytes.count
        message.warnings = context.warnings
        return message
    }

    /// An mbox file's `From sender date` line, which some tools leave at the top of a message.
    private static func startsWithMboxSeparator(_ bytes: [UInt8], at start: Int) -> Bool {
        let prefix = Array("From ".utf8)
        guard bytes.count - start > prefix.count, bytes[start..<(start + prefix.count)].elementsEqual(prefix) else {
            return false
        }
        let slice = bytes[start...]
        let lineEnd = HeaderBlockReader.lineEnd(in: slice, from: start)
        return HeaderBlockReader.fieldColon(in: slice, lineStart: start, lineEnd: lineEnd) == nil
    }

    /// Parses a message (top-level or embedded) whose header block starts at `bytes.startIndex`.
    func parseMessage(
        _ bytes: ArraySlice<UInt8>, depth: Int, context: inout ParseContext
    ) throws(MessageParseError) -> Message {
        let root = try parsePart(
            bytes, depth: depth, defaultType: .defaultText, requireHeader: true,
            context: &context)
        return MessageAssembler.message(root: root, context: &context)
    }

    /// Parses one MIME entity: its header block, then its body by content type.
    func parsePart(
        _ bytes: ArraySlice<UInt8>, depth: Int, defaultType: ContentType, requireHeader: Bool,
        context: inout ParseContext
    ) throws(MessageParseError) -> MIMEPart {
        try context.countPart()
        let block = try HeaderBlockReader(limits: limits).read(bytes, requireHeader: requireHeader)
        if block.endedWithoutBlankLine && !block.fields.isEmpty {
            context.warn("A header block ended without an empty line; the rest was read as the body.")
        }
        let headers = context.decodeHeaders(block.fields)
        let body = bytes[block.bodyStart...]

        // Parameterised fields are read undecoded: their values carry their own encodings (RFC 2231/2047),
        // and decoding first could put a ";" or quote into a filename.
        func undecoded(_ name: String) -> String? {
            block.fields.first { $0.name.equalsIgnoringASCIICase(name) }
                .map { CharsetDecoder.decodeUTF8OrWindows1252($0.unfolded) }
        }
        var contentType = defaultType
        if let raw = undecoded("Content-Type") {
            if let parsed = ParameterizedHeader.contentType(raw) {
                contentType = parsed
            } else {
                context.warn("Unreadable Content-Type \"\(raw)\"; read the part as \(defaultType.mimeType).")
            }
        }
        var disposition: String?
        var filename: String?
        if let raw = undecoded("Content-Disposition") {
            let header = ParameterizedHeader(parsing: raw)
            disposition = header.value.isEmpty ? nil : header.value
            filename = header.parameters["filename"]
        }
        if filename == nil || filename?.isEmpty == true { filename = contentType.parameters["name"] }
        if filename?.isEmpty == true { filename = nil }

        var part = MIMEPart(headers: headers, contentType: contentType, disposition: disposition, filename: filename)

        if contentType.type == "multipart" {
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                context.warn("A \(contentType.mimeType) part has no boundary; its body was read as text.")
                part.contentType = ContentType(type: "text", subtype: "plain", parameters: [:])
                part.body = Array(body)
                return part
            }
            guard depth + 1 <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            let split = MultipartSplitter(boundary: boundary).split(body)
            if !split.foundOpening && body.allSatisfy(HeaderBlockReader.isBlank) {
                context.warn("A \(contentType.mimeType) part is empty; it has no parts.")
                return part
            }
            if !split.foundOpening {
                context.warn(
                    "No \"--\(boundary)\" delimiter found in a \(contentType.mimeType); "
                        + "its body was read as one text part.")
                part.parts = [MIMEPart(headers: HeaderFields(), contentType: .defaultText, body: Array(body))]
                try context.countPart()
                return part
            }
            if !split.foundClosing {
                context.warn("The closing \"--\(boundary)--\" delimiter is missing; the last part runs to the end.")
            }
            let childDefault =
                contentType.subtype == "digest"
                ? ContentType(type: "message", subtype: "rfc822") : ContentType.defaultText
            // Back-to-back delimiters leave empty pieces: nothing to read, and no body to choose.
            for piece in split.parts where !piece.isEmpty {
                part.parts.append(
                    try parsePart(
                        piece, depth: depth + 1, defaultType: childDefault,
                        requireHeader: false, context: &context))
            }
            return part
        }

        let isText = contentType.type == "text" || contentType.type == "message"
        part.storedBody =
            isText
            ? .decoded(context.decodeTransferEncoding(body, headers: headers))
            : context.transferEncodedBody(body, headers: headers)
        if contentType.type == "message" && (contentType.subtype == "rfc822" || contentType.subtype == "global") {
            guard depth + 1 <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            do throws(MessageParseError) {
                var embedded = try parseMessage(part.body[...], depth: depth + 1, context: &context)
                embedded.size = part.body.count
                part.embeddedMessage = embedded
            } catch .empty {
                context.warn("An attached message/rfc822 part is empty.")
            } catch .noHeaders {
                context.warn("An attached message/rfc822 part has no header block; it was kept as raw bytes.")
            }
        }
        return part
    }
}

/// Running state of one parse: the part count against the limit and the warnings collected so far.
struct ParseContext {
    let limits: ParseLimits
    private(set) var partCount = 0
    private(set) var warnings: [ParseWarning] = []

    init(limits: ParseLimits) {
        self.limits = limits
    }

    mutating func countPart() throws(MessageParseError) {
        partCount += 1
        if partCount > limits.maxParts { throw .tooManyParts(limit: limits.maxParts) }
    }

    mutating func warn(_ message: String) {
        let warning = ParseWarning(message)
        if warnings.count < 100, !warnings.contains(warning) { warnings.append(warning) }
    }

    /// Decodes every field's value (charset fallback and encoded words), warning about unknown charsets.
    mutating func decodeHeaders(_ fields: [HeaderBlockReader.RawField]) -> HeaderFields {
        var headers = HeaderFields()
        for field in fields {
            var decoder = EncodedWordDecoder()
            let value = decoder.decode(field.unfolded).replacingNUL
            for charset in decoder.unknownCharsets {
                warn("Unknown charset \"\(charset)\" in the \(field.name) header; read it as UTF-8 or Windows-1252.")
            }
            headers.append(HeaderField(name: field.name, value: value, rawValue: Array(field.rawValue)))
        }
        return headers
    }

    /// Undoes the part's Content-Transfer-Encoding.
    mutating func decodeTransferEncoding(_ body: ArraySlice<UInt8>, headers: HeaderFields) -> [UInt8] {
        transferEncodedBody(body, headers: headers).decoded
    }

    /// The part's body with its Content-Transfer-Encoding noted, to be undone when the body is read.
    mutating func transferEncodedBody(_ body: ArraySlice<UInt8>, headers: HeaderFields) -> PartBody {
        let encoding = (headers["Content-Transfer-Encoding"] ?? "7bit").trimmingASCIIWhitespace().lowercased()
        switch encoding {
        case "base64":
            return PartBody(bytes: body, encoding: .base64)
        case "quoted-printable":
            return PartBody(bytes: body, encoding: .quotedPrintable)
        case "7bit", "8bit", "binary", "":
            return PartBody(bytes: body, encoding: .none)
        default:
            warn("Unknown Content-Transfer-Encoding \"\(encoding)\"; the part was kept undecoded.")
            return PartBody(bytes: body, encoding: .none)
        }
    }
}
