/// Reads address-list headers (From, To, Cc, Reply-To, Sender) the way people and mailers really write them.
///
/// Handles quoted and bare display names, comments, groups, missing angle brackets, unquoted
/// `Last, First <a@b>` and encoded names. It never throws: a piece without an address is skipped and
/// reported in `warnings`.
struct AddressListParser {
    private(set) var warnings: [ParseWarning] = []

    enum Token: Equatable {
        case word(String)  // an atom or dot-atom, or other run of text
        case quoted(String)  // a quoted string, unescaped
        case comment(String)  // the text of a (comment)
        case angle(String)  // the content of <…>
        case comma, semicolon, colon
    }

    /// Parses an unfolded raw header value (encoded words still encoded, so an encoded comma stays inside
    /// its name).
    mutating func parse(_ text: String, field: String) -> [MailAddress] {
        var addresses: [MailAddress] = []
        var current: [Token] = []
        var pendingName: String?

        func finishMailbox(_ tokens: [Token], parser: inout AddressListParser) {
            guard !tokens.isEmpty else { return }
            if let address = Self.mailbox(from: tokens) {
                var address = address
                if let prefix = pendingName {
                    if let name = address.name, Self.hasBareWordName(tokens) {
                        address.name = EncodedWordDecoder.decode(prefix).replacingNUL + ", " + name
                    } else {
                        parser.warnings.append(Self.skipped(prefix, in: field))
                    }
                    pendingName = nil
                }
                addresses.append(address)
            } else if tokens.allSatisfy(Self.isPhraseToken), pendingName == nil {
                // Possibly the "Last" of an unquoted "Last, First <a@b>"; keep it for the next mailbox.
                pendingName = Self.phrase(tokens)
            } else {
                parser.warnings.append(Self.skipped(tokens.map(Self.render).joined(separator: " "), in: field))
            }
        }

        for token in Self.tokenize(text) {
            switch token {
            case .comma, .semicolon:
                finishMailbox(current, parser: &self)
                current = []
            case .colon:
                // A group name ("Team: a@x, b@y;") unless an address is already being written.
                if current.contains(where: { if case .angle = $0 { true } else { false } }) {
                    continue
                }
                current = []
                pendingName = nil
            default:
                current.append(token)
            }
        }
        finishMailbox(current, parser: &self)
        if let pendingName { warnings.append(Self.skipped(pendingName, in: field)) }
        return addresses
    }

    /// Builds one mailbox from its tokens; `nil` when no address can be found.
    private static func mailbox(from tokens: [Token]) -> MailAddress? {
        if let angleIndex = tokens.firstIndex(where: { if case .angle = $0 { true } else { false } }),
            case .angle(let content) = tokens[angleIndex]
        {
            var address = content.trimmingASCIIWhitespace()
            if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {  // obsolete source route
                address = String(address[address.index(after: colon)...])
            }
            if address.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x80 }) { address = withoutFoldingSpace(address) }
            if address.hasPrefix("mailto:") { address = String(address.dropFirst("mailto:".count)) }
            guard !address.isEmpty else { return nil }
            var name = phrase(Array(tokens[..<angleIndex]))
            if name.isEmpty { name = comments(tokens) }
            return MailAddress(name: cleanedName(name, address: address), address: address)
        }
        // No angle brackets: the word with an "@" is the address; other words are the name.
        let words = tokens.compactMap { token -> String? in if case .word(let word) = token { word } else { nil } }
        guard let addressWord = words.last(where: { $0.utf8Contains("@") }) else { return nil }
        let address = addressWord.hasPrefix("mailto:") ? String(addressWord.dropFirst(7)) : addressWord
        var nameTokens = tokens
        if let position = nameTokens.lastIndex(of: .word(addressWord)) { nameTokens.remove(at: position) }
        var name = phrase(nameTokens)
        if name.isEmpty { name = comments(tokens) }
        return MailAddress(name: cleanedName(name, address: address), address: address)
    }

    /// An address written across a fold (`<john@ example.com>`) without its spaces; those inside a quoted local
    /// part (`"john smith"@client.example`) are part of the address and stay.
    static func withoutFoldingSpace(_ address: String) -> String {
        var inQuotes = false
        var escaped = false
        return address.filter { character in
            if escaped {
                escaped = false
                return true
            }
            if inQuotes && character == "\\" {
                escaped = true
                return true
            }
            if character == "\"" { inQuotes.toggle() }
            return inQuotes || !character.isWhitespace
        }
    }

    private static func cleanedName(_ name: String, address: String) -> String? {
        let decoded = EncodedWordDecoder.decode(name).replacingNUL.trimmingASCIIWhitespace()
        if decoded.isEmpty { return nil }
        // Some clients repeat the address as the name ("'a@b.example' <a@b.example>").
        var unquoted = decoded
        if unquoted.count >= 2, unquoted.first == "'", unquoted.last == "'" {
            unquoted = String(unquoted.dropFirst().dropLast())
        }
        return unquoted.isEmpty ? nil : unquoted
    }

    private static func skipped(_ text: String, in field: String) -> ParseWarning {
        ParseWarning("Skipped \"\(text)\" in \(field): it has no email address.")
    }

    private static func isPhraseToken(_ token: Token) -> Bool {
        switch token {
        case .word, .quoted: true
        default: false
        }
    }

    /// True when the name before `<…>` is plain words, as in the "First" of an unquoted "Last, First <a@b>".
    private static func hasBareWordName(_ tokens: [Token]) -> Bool {
        guard let angle = tokens.firstIndex(where: { if case .angle = $0 { true } else { false } }), angle > 0 else {
            return false
        }
        return tokens[..<angle].allSatisfy { token in
            if case .word(let word) = token { !word.utf8Contains("=?") } else { false }
        }
    }

    /// The display-name words joined with single spaces; comments are not part of it.
    private static func phrase(_ tokens: [Token]) -> String {
        var words: [String] = []
        for token in tokens {
            switch token {
            case .word(let word): words.append(word)
            case .quoted(let text): words.append(text)
            default: break
            }
        }
        return joinWords(words)
    }

    /// Joins words with single spaces; the encoded-word decoder later drops those between encoded words.
    private static func joinWords(_ words: [String]) -> String {
        words.joined(separator: " ")
    }

    private static func comments(_ tokens: [Token]) -> String {
        tokens.compactMap { token -> String? in if case .comment(let text) = token { text } else { nil } }
            .joined(separator: " ")
    }

    private static func render(_ token: Token) -> String {
        switch token {
        case .word(let word): word
        case .quoted(let text): "\"\(text)\""
        case .comment(let text): "(\(text))"
        case .angle(let text): "<\(text)>"
        case .comma: ","
        case .semicolon: ";"
        case .colon: ":"
        }
    }

    /// Cuts the value into tokens on its UTF-8 bytes: every delimiter is ASCII, and no byte of a multi-byte
    /// character is, so the tokens are those a walk over its scalars finds, without building each word scalar
    /// by scalar (this runs for every address header of every message).
    static func tokenize(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8(tokenize)
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        // A word is a run of bytes: from here to the delimiter that ends it.
        var wordStart: Int?

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func flushWord() {
            if let start = wordStart, start < index { tokens.append(.word(string(start..<index))) }
            wordStart = nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                flushWord()
                index += 1
            case UInt8(ascii: "\""):
                flushWord()
                let quoteStart = index
                var content: [UInt8] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                    content.append(bytes[index])
                    index += 1
                }
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "@") {
                    // A quoted local part (`"j.smith"@client.example`): the address word starts at the quote.
                    wordStart = quoteStart
                    continue
                }
                tokens.append(.quoted(String(decoding: content, as: UTF8.self)))
            case UInt8(ascii: "("):
                flushWord()
                var depth = 0
                var content: [UInt8] = []
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        content.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    if inner == UInt8(ascii: "(") {
                        depth += 1
                        if depth > 1 { content.append(inner) }
                    } else if inner == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            break
                        }
                        content.append(inner)
                    } else {
                        content.append(inner)
                    }
                    index += 1
                }
                tokens.append(.comment(String(decoding: content, as: UTF8.self).trimmingASCIIWhitespace()))
            case UInt8(ascii: "<"):
                flushWord()
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                tokens.append(.angle(string(start..<index)))
                index += 1
            case UInt8(ascii: ","):
                flushWord()
                tokens.append(.comma)
                index += 1
            case UInt8(ascii: ";"):
                flushWord()
                tokens.append(.semicolon)
                index += 1
            case UInt8(ascii: ":"):
                // A colon inside a word that already holds "=?" is data (rare); otherwise a group marker.
                if let start = wordStart, string(start..<index).utf8Contains("=?") {
                    index += 1
                } else {
                    flushWord()
                    tokens.append(.colon)
                    index += 1
                }
            default:
                if wordStart == nil { wordStart = index }
                index += 1
            }
        }
        flushWord()
        return tokens
    }
}
