/// A `Content-Type` or `Content-Disposition` value: a leading token and `; name=value` parameters.
///
/// Parameter values may be quoted, RFC 2231 encoded (`name*=utf-8''%E2%82%AC`) and continued
/// (`name*0*=…; name*1=…`), or carry RFC 2047 encoded words as Outlook writes them; all come out decoded.
struct ParameterizedHeader: Sendable {
    /// The lowercased leading token (`text/plain`, `attachment`).
    var value: String
    /// Decoded parameter values by lowercased name.
    var parameters: [String: String]

    init(parsing text: String) {
        // ASCII (nearly every such field) is read on its bytes: splitting, trimming and lowercasing by Character
        // is costly, and such fields are read several times a message.
        if let ascii = text.utf8.withContiguousStorageIfAvailable(Self.readASCII) ?? nil {
            self = ascii
        } else {
            self = Self(byCharacter: text)
        }
    }

    private init(value: String, parameters: [String: String]) {
        self.value = value
        self.parameters = parameters
    }

    /// The reading of any text, by Character; the byte reading gives the same for ASCII (tested).
    init(byCharacter text: String) {
        var pieces = Self.splitOutsideQuotes(text)
        value = pieces.isEmpty ? "" : pieces.removeFirst().trimmingASCIIWhitespace().lowercased()
        parameters = Self.decodeParameters(
            pieces.compactMap { piece in
                guard let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                let name = piece[..<equals].trimmingASCIIWhitespace().lowercased()
                return name.isEmpty
                    ? nil : (name, Self.unquote(piece[piece.index(after: equals)...].trimmingASCIIWhitespace()))
            })
    }

    /// `init(byCharacter:)` on the bytes of ASCII text; `nil` for other text.
    private static func readASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ParameterizedHeader? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var (start, end) = (range.lowerBound, range.upperBound)
            while start < end, Unicode.Scalar(bytes[start]).isMailWhitespace { start += 1 }
            while end > start, Unicode.Scalar(bytes[end - 1]).isMailWhitespace { end -= 1 }
            return start..<end
        }
        func lowercased(_ range: Range<Int>) -> String {
            String(unsafeUninitializedCapacity: range.count) { output in
                for (offset, byte) in bytes[range].enumerated() { output[offset] = byte.lowercasedASCII }
                return range.count
            }
        }
        var pieces = pieceRanges(bytes)[...]
        let value = lowercased(trimmed(pieces.removeFirst()))
        let pairs = pieces.compactMap { piece -> (name: String, value: String)? in
            guard let equals = bytes[piece].firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = lowercased(trimmed(piece.lowerBound..<equals))
            let quoted = UnsafeBufferPointer(rebasing: bytes[trimmed(equals + 1..<piece.upperBound)])
            return name.isEmpty ? nil : (name, unquote(String(decoding: quoted, as: UTF8.self)))
        }
        return ParameterizedHeader(value: value, parameters: decodeParameters(pairs))
    }

    /// Reads a Content-Type; `nil` when the value has no usable `type/subtype`.
    static func contentType(_ text: String) -> ContentType? {
        let header = ParameterizedHeader(parsing: text)
        var mime = header.value
        // An ASCII token (nearly all) is cut at its bytes; others by Character, as a mark may join "(" or "/".
        let ascii = !mime.utf8.contains { $0 >= 0x80 }
        if let comment = ascii ? mime.utf8.firstIndex(of: UInt8(ascii: "(")) : mime.firstIndex(of: "(") {
            mime = String(mime[..<comment]).trimmingASCIIWhitespace()
        }
        let halves: [String]
        if ascii {
            // `split(separator: "/", maxSplits: 1)`: leading slashes are dropped without counting as the split.
            let bytes = mime.utf8
            let start = bytes.firstIndex { $0 != UInt8(ascii: "/") } ?? bytes.endIndex
            if let slash = bytes[start...].firstIndex(of: UInt8(ascii: "/")) {
                halves = [mime[start..<slash], mime[bytes.index(after: slash)...]].filter { !$0.isEmpty }
                    .map { $0.trimmingASCIIWhitespace() }
            } else {
                halves = start == bytes.endIndex ? [] : [mime[start...].trimmingASCIIWhitespace()]
            }
        } else {
            halves = mime.split(separator: "/", maxSplits: 1).map { $0.trimmingASCIIWhitespace() }
        }
        if halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty,
            halves.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } })
        {
            return ContentType(type: halves[0], subtype: halves[1], parameters: header.parameters)
        }
        if mime == "text" { return ContentType(type: "text", subtype: "plain", parameters: header.parameters) }
        return nil
    }

    /// The pieces of `pieceRanges` as substrings of `text`.
    private static func splitOutsideQuotes(_ text: String) -> [Substring] {
        let ranges =
            text.utf8.withContiguousStorageIfAvailable(pieceRanges)
            ?? Array(text.utf8).withUnsafeBufferPointer(pieceRanges)
        let utf8 = text.utf8
        return ranges.map { range in
            text[
                utf8.index(
                    utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(
                        utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// The byte ranges of the pieces between `;` outside double quotes (backslash escapes respected), at least
    /// one. The three bytes that matter are ASCII, so in UTF-8 text the cuts are at character boundaries.
    private static func pieceRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var (start, inQuotes, escaped) = (0, false, false)
        for (index, byte) in bytes.enumerated() {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") && inQuotes {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: ";") && !inQuotes {
                pieces.append(start..<index)
                start = index + 1
            }
        }
        pieces.append(start..<bytes.count)
        return pieces
    }

    private struct Section {
        var number: Int
        var encoded: Bool
        var value: String
    }

    /// - Parameter pairs: lowercased names (none empty) and unquoted values, in the field's order.
    private static func decodeParameters(_ pairs: [(name: String, value: String)]) -> [String: String] {
        var result: [String: String] = [:]
        var sections: [String: [Section]] = [:]
        for (rawName, value) in pairs {
            let encoded = rawName.hasSuffix("*")
            let baseName = encoded ? String(rawName.dropLast()) : rawName
            if let star = baseName.lastCharacter(whereASCII: { $0 == UInt8(ascii: "*") }),
                let number = Int(baseName[baseName.index(after: star)...])
            {
                let name = String(baseName[..<star])
                sections[name, default: []].append(Section(number: number, encoded: encoded, value: value))
            } else if encoded {
                sections[baseName, default: []].append(Section(number: 0, encoded: true, value: value))
            } else if result[baseName] == nil {
                result[baseName] = EncodedWordDecoder.decode(value)
            }
        }
        // RFC 2231 sections win over a plain value of the same name.
        for (name, parts) in sections {
            result[name] = joinSections(parts.sorted { $0.number < $1.number })
        }
        return result
    }

    /// Joins RFC 2231 sections: the first encoded section names the charset (`charset'language'value`),
    /// encoded sections are percent-decoded, and all bytes are decoded together.
    private static func joinSections(_ sections: [Section]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, section) in sections.enumerated() {
            guard section.encoded else {
                bytes += Array(section.value.utf8)
                continue
            }
            var text = Substring(section.value)
            if position == 0 {
                let quotes = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if quotes.count == 3 {
                    charset = quotes[0].isEmpty ? nil : String(quotes[0])
                    text = quotes[2]
                }
            }
            bytes += percentDecoded(text)
        }
        return CharsetDecoder.decodeWithFallback(bytes, charset: charset).text
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = TransferDecoding.hexValue(input[index + 1]),
                let low = TransferDecoding.hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }

    /// Removes surrounding double quotes and backslash escapes.
    static func unquote(_ text: String) -> String {
        guard text.hasPrefix("\"") else { return text }
        // Most quoted values (a boundary, a charset, a file name) have no escapes: cut at the closing quote.
        let bytes = text.utf8.dropFirst()
        if !bytes.contains(UInt8(ascii: "\\")) {
            return String(text[bytes.startIndex..<(bytes.firstIndex(of: UInt8(ascii: "\"")) ?? bytes.endIndex)])
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }
}
