import MIME

extension EmailAddress {
    /// Why a written address cannot be a contact's, in words for the log.
    public struct Unusable: Error, Sendable, Hashable, CustomStringConvertible {
        /// The address as written.
        public var address: String
        /// What is wrong with it.
        public var problem: String

        public var description: String { "\"\(address)\" is not one usable mailbox: \(problem)" }
    }

    /// The one check an address passes before it can become a lead's address and a reply's recipient: exactly
    /// one mailbox (RFC 5322 `addr-spec`, with RFC 6531's UTF-8), nothing around it.
    ///
    /// Two addresses, a `mailto:` link with `?bcc=`, a stray `<` or `>`, control characters (NUL among them), a
    /// replacement character left by a broken encoding, an encoded word, or a part longer than SMTP allows are
    /// refused, so that a reply never goes anywhere the enquirer did not write. A quoted local part is an
    /// address (`"john smith"@client.example`); one that needs no quotes (`"j.smith"@…`) comes back without them.
    public static func checked(_ written: String) -> Result<String, Unusable> {
        let address = written.trimmingSpaces()
        if isPlainASCIIAddress(address) { return .success(address) }
        return checkedByCharacters(written)
    }

    /// `checked` without its fast path for plain ASCII addresses: the rules as written, and their refusals' words.
    static func checkedByCharacters(_ written: String) -> Result<String, Unusable> {
        func refuse(_ problem: String) -> Result<String, Unusable> {
            .failure(Unusable(address: written, problem: problem))
        }
        let address = written.trimmingSpaces()
        guard !address.isEmpty else { return refuse("it is empty") }
        if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }) {
            return refuse("it holds control characters or bytes that are not text")
        }
        if address.utf8Contains("=?") { return refuse("it is an encoded word, not an address") }
        guard let (local, domain) = split(address) else {
            return refuse("it needs one @ between a local part and a domain")
        }
        let localPart: Substring
        if local.hasPrefix("\"") {
            guard local.count >= 3, local.hasSuffix("\""), isQuotedContent(local.dropFirst().dropLast()) else {
                return refuse("its quoted local part is not closed or holds a quote of its own")
            }
            let content = local.dropFirst().dropLast()
            localPart = isDotAtom(content) ? content : local
        } else {
            guard isDotAtom(local) else {
                return refuse(
                    "its local part holds characters an address cannot have unquoted (space, < > , ; : ( ) [ ] \\)")
            }
            localPart = local
        }
        guard localPart.utf8.count <= 64 else { return refuse("its local part is longer than 64 bytes") }
        guard isDomain(domain) else {
            return refuse("\(domain) is not a domain name (labels of letters, digits and hyphens, with a dot)")
        }
        let canonical = localPart + "@" + domain
        guard canonical.utf8.count <= 254 else { return refuse("it is longer than 254 bytes") }
        return .success(String(canonical))
    }

    /// Nearly every address: printable ASCII without quotes, one `@`, a dot-atom local part of at most 64 bytes
    /// and a domain of letters, digits and hyphens; checked on its bytes, and then it is its own canonical form.
    /// Anything else (and every refusal, for its words) takes the way below, which agrees with this one.
    private static func isPlainASCIIAddress(_ address: String) -> Bool {
        guard !address.isEmpty, address.utf8.count <= 254 else { return false }
        let plain = address.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, at + 1 < bytes.count
            else { return false }
            // The local part: atext and single dots inside, the domain: labels of letters, digits and hyphens.
            var previous = UInt8(ascii: ".")
            for byte in bytes[..<at] {
                if byte == UInt8(ascii: ".") {
                    guard previous != UInt8(ascii: ".") else { return false }
                } else if !isAtomByte(byte) || (previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) {
                    return false  // "=?" is refused as an encoded word below
                }
                previous = byte
            }
            guard previous != UInt8(ascii: ".") else { return false }
            var labels = 1
            var labelLength = 0
            previous = UInt8(ascii: ".")
            for byte in bytes[(at + 1)...] {
                if byte == UInt8(ascii: ".") {
                    guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                    labels += 1
                    labelLength = 0
                } else {
                    guard isASCIIAlphanumericByte(byte) || byte == UInt8(ascii: "-"),
                        !(byte == UInt8(ascii: "-") && labelLength == 0)
                    else { return false }
                    labelLength += 1
                    guard labelLength <= 63 else { return false }
                }
                previous = byte
            }
            return labels >= 2 && labelLength > 0 && previous != UInt8(ascii: "-")
        }
        return plain ?? false
    }

    private static func isAtomByte(_ byte: UInt8) -> Bool {
        if isASCIIAlphanumericByte(byte) { return true }
        return switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func isASCIIAlphanumericByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    /// The local part and the domain, split at the last `@` outside quotes; nil when there is none or when
    /// another `@` stands outside quotes.
    private static func split(_ address: String) -> (Substring, Substring)? {
        var inQuotes = false
        var escaped = false
        var at: String.Index?
        for index in address.indices {
            let character = address[index]
            if escaped {
                escaped = false
                continue
            }
            if inQuotes && character == "\\" {
                escaped = true
                continue
            }
            if character == "\"" {
                inQuotes.toggle()
                continue
            }
            if character == "@" && !inQuotes {
                guard at == nil else { return nil }
                at = index
            }
        }
        guard !inQuotes, let at, at != address.startIndex else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : (address[..<at], domain)
    }

    /// RFC 5322 `dot-atom-text`, with RFC 6531's non-ASCII characters.
    private static func isDotAtom(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.first != ".", text.last != ".", !text.utf8Contains("..") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.value >= 0x80 || scalar == "." || isASCIIAlphanumeric(scalar) || atomSpecials.contains(scalar)
        }
    }

    /// The ASCII characters of `atext` other than letters and digits.
    private static let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// The inside of a quoted string: printable characters and spaces, quotes and backslashes only escaped.
    private static func isQuotedContent(_ content: Substring) -> Bool {
        var escaped = false
        for scalar in content.unicodeScalars {
            if escaped {
                escaped = false
                continue
            }
            if scalar == "\\" {
                escaped = true
                continue
            }
            if scalar == "\"" { return false }
        }
        return !escaped
    }

    /// A host name of at least two labels: letters, digits and hyphens (or non-ASCII letters of an
    /// internationalised name), no label empty, longer than 63 bytes or starting or ending with a hyphen.
    private static func isDomain(_ domain: Substring) -> Bool {
        guard domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { scalar in
                    guard scalar.value >= 0x80 else { return scalar == "-" || isASCIIAlphanumeric(scalar) }
                    let properties = scalar.properties
                    return properties.isAlphabetic || properties.numericType != nil
                        || [.nonspacingMark, .spacingMark].contains(properties.generalCategory)
                }
        }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
