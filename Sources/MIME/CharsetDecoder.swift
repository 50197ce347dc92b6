#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns bytes in a named charset into a String; the only place in the module that talks to iconv.
///
/// UTF-8, US-ASCII, ISO-8859-1 and Windows-1252 are decoded in Swift (they are most mail); every other
/// charset goes through iconv with the MIME name mapped to the name glibc knows.
struct CharsetDecoder: Sendable {
    /// Decodes `bytes` as `charset`; `nil` when the charset is unknown to iconv.
    ///
    /// Invalid sequences become U+FFFD rather than failing, because a mostly readable text beats none.
    static func decode(_ bytes: some Collection<UInt8>, charset: String) -> String? {
        let name = canonicalName(charset)
        switch name {
        case "UTF-8":
            return String(decoding: bytes, as: UTF8.self)
        case "CP1252":
            return decodeWindows1252(bytes)
        default:
            return iconvDecode(Array(bytes), from: name)
        }
    }

    /// Decodes text whose charset was not declared or could not be used: UTF-8 when the bytes are valid
    /// UTF-8, otherwise Windows-1252 (which any byte sequence is), per RFC 6532 practice.
    static func decodeUTF8OrWindows1252(_ bytes: some Collection<UInt8>) -> String {
        // Valid UTF-8 decodes to itself, and a repair (U+FFFD for a bad sequence) makes the text's bytes differ
        // from the input's, which was not valid. `String(validating:as:)` says the same through the standard
        // library's unspecialized generic path, with type metadata looked up on each call, and this runs for every
        // header value of every message.
        let text = String(decoding: bytes, as: UTF8.self)
        return isSame(text, bytes) ? text : decodeWindows1252(bytes)
    }

    private static func isSame(_ text: String, _ bytes: some Collection<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        let compared = text.utf8.withContiguousStorageIfAvailable { decoded in
            bytes.withContiguousStorageIfAvailable { input in
                decoded.count == 0 || memcmp(decoded.baseAddress!, input.baseAddress!, decoded.count) == 0
            }
        }
        return (compared ?? nil) ?? text.utf8.elementsEqual(bytes)
    }

    /// Decodes with the declared charset, falling back to UTF-8/Windows-1252 when it is unknown.
    /// `fellBack` tells the caller to record a warning.
    static func decodeWithFallback(
        _ bytes: some Collection<UInt8>, charset: String?
    ) -> (text: String, fellBack: Bool) {
        guard let charset, !charset.isEmpty else { return (decodeUTF8OrWindows1252(bytes), false) }
        let name = canonicalName(charset)
        if name == "UTF-8" { return (decodeUTF8OrWindows1252(bytes), false) }
        if let text = decode(bytes, charset: charset) { return (text, false) }
        return (decodeUTF8OrWindows1252(bytes), true)
    }

    /// Maps a MIME charset label to the name glibc iconv accepts, folding the common aliases and the labels
    /// that mail clients use for supersets (ISO-8859-1 is read as Windows-1252, GB2312 as GB18030).
    static func canonicalName(_ label: String) -> String {
        // Asked for every text part and encoded word: the labels as mailers write them are found at once.
        if let known = aliases[label] { return known }
        var name = label.trimmingASCIIWhitespace().lowercased()
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
            name = String(name.dropFirst().dropLast())
        }
        if let star = name.utf8.firstIndex(of: UInt8(ascii: "*")) { name = String(name[..<star]) }  // RFC 2231 language
        if let known = aliases[name] { return known }
        if name.hasPrefix("windows-") { return "CP" + name.dropFirst("windows-".count) }
        if name.hasPrefix("x-cp") { return "CP" + name.dropFirst("x-cp".count) }
        if name.hasPrefix("iso8859-") { return "ISO-8859-" + name.dropFirst("iso8859-".count) }
        if name.hasPrefix("iso_8859-") { return "ISO-8859-" + name.dropFirst("iso_8859-".count) }
        return name.uppercased()
    }

    /// Every alias, lowercased and as upper case, to the name iconv knows.
    private static let aliases: [String: String] = {
        let table: [(name: String, labels: [String])] = [
            (
                "UTF-8",
                [
                    "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "us-ascii", "ascii", "ansi_x3.4-1968",
                    "646", "iso646-us", "us", "",
                ]
            ),
            (
                "CP1252",
                [
                    "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
                    "x-cp1252", "cp819", "iso-ir-100",
                ]
            ),
            (
                "GB18030",
                [
                    "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "csgb2312", "chinese",
                    // Python's email package names GB2312 by its codec in the encoded words it writes.
                    "eucgb2312_cn", "euc_cn", "gb2312-80",
                ]
            ),
            ("BIG5-HKSCS", ["big5", "x-big5", "cn-big5", "big5-hkscs", "csbig5"]),
            (
                "CP932",
                [
                    "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932",
                    "x-ms-cp932",
                ]
            ),
            ("EUC-JP", ["euc-jp", "x-euc-jp", "eucjp", "euc_jp", "ujis"]),
            ("ISO-2022-JP-2", ["iso-2022-jp", "csiso2022jp", "iso-2022-jp-2", "csiso2022jp2", "iso2022_jp"]),
            (
                "CP949",
                ["ks_c_5601-1987", "ks_c_5601", "euc-kr", "x-euc-kr", "cp949", "windows-949", "ksc5601", "korean"]
            ),
            ("KOI8-R", ["koi8-r", "koi8r", "cskoi8r", "koi8_r"]),
            ("KOI8-U", ["koi8-u", "koi8u", "koi8_u"]),
        ]
        var aliases: [String: String] = [:]
        for (name, labels) in table {
            for label in labels {
                aliases[label] = name
                aliases[label.uppercased()] = name
            }
        }
        return aliases
    }()

    /// Windows-1252 written straight to UTF-8 bytes (each byte is one character), then one String.
    static func decodeWindows1252(_ bytes: some Collection<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            let scalar: UInt32 = byte >= 0x80 && byte <= 0x9F ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            switch scalar {
            case 0..<0x80:
                utf8.append(UInt8(scalar))
            case 0x80..<0x800:
                utf8.append(UInt8(0xC0 | scalar >> 6))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            default:
                utf8.append(UInt8(0xE0 | scalar >> 12))
                utf8.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Code points of Windows-1252 bytes 0x80...0x9F (undefined ones map to the C1 control of the same value).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func iconvDecode(_ input: [UInt8], from charset: String) -> String? {
        guard !charset.isEmpty, charset.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return IconvDescriptors.shared.with(charset: charset) { descriptor in convert(input, with: descriptor) }
    }

    private static func convert(_ input: [UInt8], with descriptor: iconv_t) -> String {
        if input.isEmpty { return "" }

        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2)
        var chunk = [UInt8](repeating: 0, count: max(1024, input.count * 3))
        var source = input
        source.withUnsafeMutableBufferPointer { sourceBuffer in
            chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                let base = UnsafeMutableRawPointer(sourceBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inPointer: UnsafeMutablePointer<CChar>? = base
                var inLeft = sourceBuffer.count
                let outBase = UnsafeMutableRawPointer(chunkBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = chunkBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let produced = chunkBuffer.count - outLeft
                    output.append(contentsOf: UnsafeBufferPointer(start: chunkBuffer.baseAddress, count: produced))
                    if result != -1 { break }
                    switch errno {
                    case E2BIG:
                        continue
                    case EILSEQ:
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        _ = iconv(descriptor, nil, nil, nil, nil)  // reset shift state after a bad byte
                    default:  // EINVAL: the input ends inside a character
                        output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inLeft = 0
                    }
                }
                // Stateful decoders (CP1255, CP1258, ISO-2022-JP) hold back the last character until flushed.
                var outPointer: UnsafeMutablePointer<CChar>? = outBase
                var outLeft = chunkBuffer.count
                _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
                output.append(
                    contentsOf: UnsafeBufferPointer(
                        start: chunkBuffer.baseAddress,
                        count: chunkBuffer.count - outLeft))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The string without leading and trailing spaces, tabs, CR and LF (not Unicode spaces: mail syntax
    /// only knows ASCII whitespace).
    func trimmingASCIIWhitespace() -> String {
        String(trimming(where: \.isMailWhitespace))
    }
}

extension Unicode.Scalar {
    var isMailWhitespace: Bool { self == " " || self == "\t" || self == "\r" || self == "\n" }
}
