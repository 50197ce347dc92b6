/// Decodes RFC 2047 encoded words (`=?charset?B|Q?text?=`) inside a header value.
///
/// Adjacent encoded words of the same charset are joined before the charset is applied, so a character
/// that a sender split across two words still comes out whole. Whitespace between encoded words is dropped;
/// malformed words stay as they were written.
struct EncodedWordDecoder: Sendable {
    /// Charsets that were unknown and had to be guessed, for the caller's warnings.
    private(set) var unknownCharsets: [String] = []

    /// Decodes a raw (unfolded) header value: literal bytes as UTF-8 or Windows-1252, encoded words by charset.
    mutating func decode(_ bytes: some Collection<UInt8>) -> String {
        // Most header values (Received, DKIM-Signature, Message-ID…) hold no encoded word: read as they are.
        let mayHoldWords =
            bytes.withContiguousStorageIfAvailable(Self.containsWordStart)
            ?? Array(bytes).withUnsafeBufferPointer(Self.containsWordStart)
        guard mayHoldWords else { return CharsetDecoder.decodeUTF8OrWindows1252(bytes) }
        let input = Array(bytes)
        var result = ""
        var literalStart = 0
        var index = 0
        // The pending run of adjacent encoded words that share a charset.
        var pendingCharset: String?
        var pendingLabel = ""
        var pendingBytes: [UInt8] = []
        var lastWordEnd: Int?

        func flushPending(into result: inout String, decoder: inout EncodedWordDecoder) {
            guard let charset = pendingCharset else { return }
            let (text, fellBack) = CharsetDecoder.decodeWithFallback(pendingBytes, charset: charset)
            if fellBack { decoder.unknownCharsets.append(pendingLabel) }
            result += text
            pendingCharset = nil
            pendingBytes.removeAll(keepingCapacity: true)
        }

        while index < input.count {
            guard input[index] == UInt8(ascii: "="), index + 1 < input.count, input[index + 1] == UInt8(ascii: "?"),
                let word = Self.encodedWord(in: input, at: index)
            else {
                index += 1
                continue
            }
            let gap = input[literalStart..<index]
            let onlyWhitespaceGap = lastWordEnd == literalStart && gap.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            if !onlyWhitespaceGap {
                flushPending(into: &result, decoder: &self)
                result += CharsetDecoder.decodeUTF8OrWindows1252(gap)
            }
            let charset = CharsetDecoder.canonicalName(word.charset)
            if pendingCharset != nil && pendingCharset != charset {
                flushPending(into: &result, decoder: &self)
            }
            pendingCharset = charset
            pendingLabel = word.charset
            pendingBytes += word.decoded
            index = word.end
            literalStart = index
            lastWordEnd = index
        }
        flushPending(into: &result, decoder: &self)
        if literalStart < input.count {
            result += CharsetDecoder.decodeUTF8OrWindows1252(input[literalStart...])
        }
        return result
    }

    /// Decodes a header value in one call, ignoring warnings.
    static func decode(_ bytes: some Collection<UInt8>) -> String {
        var decoder = EncodedWordDecoder()
        return decoder.decode(bytes)
    }

    /// Decodes a String that may hold encoded words (display names, parameter values).
    static func decode(_ text: String) -> String {
        guard text.utf8Contains("=?") else { return text }
        return decode(Array(text.utf8))
    }

    private struct Word {
        var charset: String
        var decoded: [UInt8]
        var end: Int
    }

    /// Reads `=?charset?enc?text?=` starting at `start`; `nil` when the bytes there are not a well-formed word.
    private static func encodedWord(in input: [UInt8], at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < input.count, input[index] != UInt8(ascii: "?") {
            if !isTokenByte(input[index]) || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index + 3 < input.count, index > charsetStart else { return nil }
        let charset = String(decoding: input[charsetStart..<index], as: UTF8.self)
        let encoding = input[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q"),
            input[index + 2] == UInt8(ascii: "?")
        else { return nil }
        let textStart = index + 3
        var textEnd = textStart
        while textEnd + 1 < input.count {
            let byte = input[textEnd]
            if byte == UInt8(ascii: "?") {
                guard input[textEnd + 1] == UInt8(ascii: "=") else { return nil }
                break
            }
            if byte == 0x20 || byte == 0x09 || byte < 0x20 { return nil }
            textEnd += 1
        }
        guard textEnd + 1 < input.count else { return nil }
        let text = input[textStart..<textEnd]
        let decoded =
            encoding == UInt8(ascii: "b")
            ? TransferDecoding.base64(text)
            : TransferDecoding.quotedPrintable(text, underscoreIsSpace: true)
        return Word(charset: charset, decoded: decoded, end: textEnd + 2)
    }

    /// Whether "=?" occurs.
    private static func containsWordStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        wordStart.withUnsafeBufferPointer { byteOffset(of: $0, in: bytes) } != nil
    }

    private static let wordStart: [UInt8] = Array("=?".utf8)

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "?")
    }
}
