import Foundation
import MIME

/// Address rules that decide when two spellings are the same mailbox.
public enum EmailAddress {
    /// The form used as a contact key: trimmed, angle brackets removed, case-folded.
    ///
    /// Case-folding the local part is not what RFC 5321 promises, but every mailbox provider in use treats
    /// `Anna.Schmidt@` and `anna.schmidt@` as one person, and a CRM that does not would split the lead.
    public static func normalised(_ address: String) -> String {
        // Asked for every address of every message, and nearly all are already in this form: returned as they are.
        if isNormalisedASCII(address) { return address }
        var trimmed = address.trimmingScalars(in: " \t<>")
        // Quotes around the whole address go; those of a quoted local part (`"john smith"@…`) stay.
        while let first = trimmed.first, first == "\"" || first == "'", trimmed.count >= 2, trimmed.last == first {
            trimmed = String(trimmed.dropFirst().dropLast()).trimmingScalars(in: " \t<>")
        }
        return trimmed.lowercased()
    }

    /// ASCII without capitals and without a character `normalised` trims at either end.
    private static func isNormalisedASCII(_ address: String) -> Bool {
        let trimmed: (UInt8) -> Bool = { byte in
            byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }
        let bytes = address.utf8
        guard let first = bytes.first, let last = bytes.last, !trimmed(first), !trimmed(last) else { return false }
        return !bytes.contains { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// A light syntax check for addresses typed into forms: one `@`, something on each side, a dot in the domain,
    /// no spaces.
    public static func isPlausible(_ address: String) -> Bool {
        // ASCII addresses (nearly all) are checked on their contiguous bytes; others by Character, for Unicode's
        // spaces and clusters.
        if let ascii = address.utf8.withContiguousStorageIfAvailable(isPlausibleASCII), let ascii { return ascii }
        return isPlausibleByCharacter(address)
    }

    /// `isPlausible` Character by Character: the way other text goes, and what the ASCII way must match.
    static func isPlausibleByCharacter(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8Contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }

    /// `isPlausible` for ASCII bytes; nil for other text.
    private static func isPlausibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        let forbidden = bytes.contains { byte in
            (0x09...0x0D).contains(byte) || byte == 0x20 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: ",")
        }
        guard !forbidden, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
        let domain = bytes[(at + 1)...]
        guard !domain.contains(UInt8(ascii: "@")) else { return false }
        return domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".")
            && domain.last != UInt8(ascii: ".")
    }
}
