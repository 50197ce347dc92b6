/// Lowercasing for the words intake looks up on every line (sign-offs, job titles, legal forms, form labels) and
/// for the scorer, which lowers a lead's whole enquiry history on every change.
///
/// `String.lowercased()` maps every scalar through its Unicode properties as soon as the text has one non-ASCII
/// byte (a signature line with an "é"). These lower
/// ASCII byte by byte and map only the scalars that change (`writeLowercased`). Swift's mapping is scalar by
/// scalar, without context, so the result is the same text. Inlinable: other modules call them on String, Substring and
/// byte views, and an unspecialized generic walk of the bytes costs more than the lowercasing it saves.
extension StringProtocol {
    /// `lowercased()`, the same text: ASCII capitals lowered byte by byte, other scalars as `writeLowercased` does.
    @inlinable
    public func lowercasedInRuns() -> String {
        var capitals = false
        for byte in utf8 {
            if byte >= 0x80 {
                return String(unsafeUninitializedCapacity: utf8.count * lowercaseMaximumGrowth) { output in
                    utf8.withContiguousStorageIfAvailable { writeLowercased($0, into: output) }
                        ?? Array(utf8).withUnsafeBufferPointer { writeLowercased($0, into: output) }
                }
            }
            if byte.lowercasedASCII != byte { capitals = true }
        }
        guard capitals else { return String(self) }
        return String(unsafeUninitializedCapacity: utf8.count) { output in
            var count = 0
            for byte in utf8 {
                output[count] = byte.lowercasedASCII
                count += 1
            }
            return count
        }
    }

    /// `lowercased()` as UTF-8 bytes (see `lowercasedInRuns()`).
    @inlinable
    public var lowercasedUTF8: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: utf8.count * lowercaseMaximumGrowth) { output, count in
            count =
                utf8.withContiguousStorageIfAvailable { writeLowercased($0, into: output) }
                ?? Array(utf8).withUnsafeBufferPointer { writeLowercased($0, into: output) }
        }
    }
}

/// A bound on how many times its UTF-8 length a text's lowercase can be: the most any scalar grows is 1.5 times
/// ("İ", 2 bytes, lowers to "i" and a combining dot, 3 bytes; checked over every scalar by a test).
@usableFromInline
let lowercaseMaximumGrowth = 2

/// Whether the scalar `value` (above ASCII) has its Changes_When_Lowercased property set. The property look-up is
/// costly for something asked of every non-ASCII scalar of an enquiry; the blocks most non-English text is
/// made of are answered first (the test of every scalar against `lowercased()` holds them to it).
@usableFromInline
func changesWhenLowercased(_ value: UInt32) -> Bool {
    switch value {
    case 0x80...0xFF: return (0xC0...0xDE).contains(value) && value != 0xD7  // À-Þ but ×
    case 0x400...0x42F: return true  // Ѐ-Я
    case 0x3AC...0x3CE, 0x430...0x45F, 0x590...0x6FF, 0xE00...0xE7F, 0x2000...0x206F, 0x3000...0x9FFF,
        0xAC00...0xD7A3, 0xFFF0...0xFFFF, 0x1F300...0x1FAFF:
        return false  // ά-ώ, а-џ, Hebrew and Arabic, Thai, punctuation, CJK and kana, Hangul, U+FFFD, emoji
    default: return Unicode.Scalar(value)?.properties.changesWhenLowercased ?? false
    }
}

/// Writes `lowercased()` of valid UTF-8 `bytes` to `output` (room for `lowercaseMaximumGrowth` times their count) and
/// returns how many bytes it wrote. ASCII is lowered byte by byte; most other scalars are lowercase already ("é",
/// "ß", Cyrillic text) and are copied; only those whose Changes_When_Lowercased property is set (every scalar whose
/// mapping differs has it) go through their mapping.
@usableFromInline
func writeLowercased(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
    var (index, count) = (0, 0)
    while index < bytes.count {
        let lead = bytes[index]
        if lead < 0x80 {
            output[count] = lead.lowercasedASCII
            (index, count) = (index + 1, count + 1)
            continue
        }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0x7F >> width)
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        if changesWhenLowercased(value), let scalar = Unicode.Scalar(value) {
            for byte in scalar.properties.lowercaseMapping.utf8 {
                output[count] = byte
                count += 1
            }
        } else {
            for offset in 0..<width { output[count + offset] = bytes[index + offset] }
            count += width
        }
        index += width
    }
    return count
}

extension Collection<UInt8> {
    /// These bytes with their ASCII capitals lowered, in a buffer on the stack for `body` to read: no String and no
    /// array for the short ASCII lines and items whose words intake looks up (sign-offs, job titles, legal forms).
    @inlinable
    public func withASCIILowercased<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            for (index, byte) in enumerated() { buffer[index] = byte.lowercasedASCII }
            return body(UnsafeBufferPointer(buffer))
        }
    }
}

extension UInt8 {
    /// This byte with an ASCII capital lowered; every other byte as it is.
    @inlinable
    public var lowercasedASCII: UInt8 { self &- 0x41 < 26 ? self | 0x20 : self }
}
