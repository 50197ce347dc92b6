/// Writes header values for outgoing mail: RFC 2047 encoded words for non-ASCII text, quoted display
/// names, and folding at whitespace so that lines stay under 78 characters.
enum HeaderEncoder {
    /// Longest line we write when the words allow it (RFC 5322 asks for at most 78).
    static let lineLimit = 76

    /// The longest word written as it is: folding happens only between words, so a longer one (a 1,000-character
    /// word in a subject, a display name without spaces) is written as encoded words, which fold, and no line
    /// reaches SMTP's limit of 998 bytes.
    static let longestPlainWord = 60

    /// An unstructured value (Subject, extra headers): ASCII stays readable, anything else is encoded.
    static func unstructured(_ text: String) -> String {
        let clean = HeaderSanitizer.clean(text)
        if isPlainASCII(clean) && !clean.utf8Contains("=?") && !hasLongWord(clean) { return clean }
        return encodedWords(clean)
    }

    /// Whether a word (between spaces or tabs) is longer than `longestPlainWord` bytes.
    static func hasLongWord(_ text: String) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var run = 0
            for byte in bytes {
                run = byte == 0x20 || byte == 0x09 ? 0 : run + 1
                if run > longestPlainWord { return true }
            }
            return false
        }
        return text.utf8.withContiguousStorageIfAvailable(scan) ?? scan(text.utf8)
    }

    /// A mailbox: `Name <address>` with the name quoted or encoded as needed, or just the address.
    static func mailbox(_ address: MailAddress) -> String {
        let addr = bareAddress(address.address)
        guard let rawName = address.name.map(HeaderSanitizer.clean), !rawName.trimmingASCIIWhitespace().isEmpty else {
            return addr
        }
        let name = rawName.trimmingASCIIWhitespace()
        if !isPlainASCII(name) || name.utf8Contains("=?") || hasLongWord(name) {
            return encodedWords(name) + " <\(addr)>"
        }
        // `name` is plain ASCII here, so its bytes are its scalars.
        if name.utf8.contains(where: isSpecial) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(addr)>"
        }
        return "\(name) <\(addr)>"
    }

    /// An address with whitespace, control characters and angle brackets removed, safe in a header or RCPT TO;
    /// an internationalised domain after an ASCII local part is written in its `xn--` form, which every relay
    /// takes, with or without SMTPUTF8 (the same mailbox, and the reply stays ASCII).
    static func bareAddress(_ address: String) -> String {
        let bare = bareAddressAsWritten(address)
        guard bare.utf8.contains(where: { $0 >= 0x80 }), let at = bare.lastIndex(of: "@"),
            bare[..<at].utf8.allSatisfy({ $0 < 0x80 }),
            let domain = Punycode.asciiDomain(bare[bare.index(after: at)...])
        else { return bare }
        return bare[...at] + domain
    }

    static func bareAddressAsWritten(_ address: String) -> String {
        // An address of printable ASCII without brackets has nothing to remove (no ASCII whitespace is printable).
        let isBare = address.utf8.allSatisfy {
            $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")
        }
        if isBare || hasQuotedLocalPart(address) { return address }
        return String(
            String.UnicodeScalarView(
                address.unicodeScalars.filter {
                    $0.value > 0x20 && $0.value != 0x7F && $0 != "<" && $0 != ">" && !$0.properties.isWhitespace
                }))
    }

    /// `"john smith"@client.example`: a quoted local part whose spaces are the address's own (RFC 5322), of
    /// printable characters and spaces, then a domain with nothing to remove.
    static func hasQuotedLocalPart(_ address: String) -> Bool {
        let scalars = Array(address.unicodeScalars)
        guard scalars.first == "\"" else { return false }
        var index = 1
        while index < scalars.count, scalars[index] != "\"" {
            let scalar = scalars[index]
            if scalar == "\\" { index += 1 }
            guard index < scalars.count, scalars[index] == " " || isBareScalar(scalars[index]) else { return false }
            index += 1
        }
        guard index + 2 < scalars.count, scalars[index + 1] == "@" else { return false }
        return scalars[(index + 2)...].allSatisfy(isBareScalar)
    }

    private static func isBareScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value != 0x7F && scalar != "<" && scalar != ">" && !scalar.properties.isWhitespace
    }

    /// RFC 5322 `specials`, which a display name can hold only inside quotes: `()<>[]:;@\,."`.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "\\"),
            UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "\""):
            true
        default: false
        }
    }

    static func isPlainASCII(_ text: String) -> Bool {
        // A byte under 0x80 is a scalar of its own, and every byte of a longer scalar is 0x80 or more.
        let isPlain = { (byte: UInt8) in byte >= 0x20 && byte < 0x7F || byte == UInt8(ascii: "\t") }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isPlain) } ?? text.utf8.allSatisfy(isPlain)
    }

    /// Base64 encoded words, each at most 75 characters, split only between whole characters (grapheme
    /// clusters when they fit, else scalars), separated by spaces (which decoders drop).
    static func encodedWords(_ text: String) -> String {
        let maxBytes = 39  // 52 base64 characters + "=?UTF-8?B?" + "?=" = 64, so "Subject: " + a word fits a line
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            if !chunk.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
            chunk.removeAll()
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= maxBytes {
                if chunk.count + bytes.count > maxBytes { flush() }
                chunk += bytes
            } else {
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > maxBytes { flush() }
                    chunk += scalarBytes
                }
            }
        }
        flush()
        return words.joined(separator: " ")
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let first = UInt32(bytes[index])
            let second = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let third = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = first << 16 | second << 8 | third
            output.append(alphabet[Int(triple >> 18 & 63)])
            output.append(alphabet[Int(triple >> 12 & 63)])
            output.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `Name: value` folded before spaces so lines stay within `lineLimit` where the words allow it;
    /// a single word longer than a line is left whole. Lines are joined with CRLF + space.
    static func fold(name: String, value: String) -> String {
        // ASCII (every value once encoded): the line's length is kept as it grows instead of counted again for
        // every word. Other text is counted by Character, as a mark after a space joins it.
        let ascii = name.utf8IsASCII && value.utf8IsASCII
        // Most fields of a reply fit on their line: the words joined again by single spaces are the value itself.
        if ascii && name.utf8.count + 2 + value.utf8.count <= lineLimit { return name + ": " + value }
        if ascii { return foldASCII(name: name, value: value) }
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        var lines: [String] = []
        var line = name + ":"
        for word in words {
            if line.count + 1 + word.count > lineLimit && !line.isEmpty {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// `fold(name:value:)` written onto the end of `output`: a reply's header fields are nearly all ASCII that
    /// fits its line, copied as bytes without a String or an Array made for each.
    static func appendFolded(name: String, value: String, to output: inout [UInt8]) {
        let nameBytes = name.utf8
        let valueBytes = value.utf8
        if nameBytes.count + 2 + valueBytes.count <= lineLimit && name.utf8IsASCII && value.utf8IsASCII {
            output.append(contentsOf: nameBytes)
            output.append(UInt8(ascii: ":"))
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: valueBytes)
            return
        }
        output.append(contentsOf: fold(name: name, value: value).utf8)
    }

    /// `fold` of ASCII text on its bytes: each word after a space, and a CRLF before the space of a word that
    /// would not fit (a long References field was split into Substrings and joined again).
    private static func foldASCII(name: String, value: String) -> String {
        var output = Array(name.utf8)
        output.reserveCapacity(name.utf8.count + value.utf8.count + value.utf8.count / 30 * 2 + 4)
        output.append(UInt8(ascii: ":"))
        var length = output.count
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            while true {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.count
                if length + 1 + (end - start) > lineLimit {
                    output += [0x0D, 0x0A]
                    length = 0
                }
                length += 1 + (end - start)
                output.append(UInt8(ascii: " "))
                output += bytes[start..<end]
                guard end < bytes.count else { break }
                start = end + 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
