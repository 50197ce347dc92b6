import Foundation
import MIME

/// Small, culture-aware rules for the names people type into From headers and web forms.
public enum PersonName {
    /// Turns "Müller, Hans" into "Hans Müller", trims quotes and spaces, and returns nil for names that are
    /// really an address or empty.
    public static func clean(_ raw: String?) -> String? {
        // ASCII names (most) are cleaned on their contiguous bytes, the same steps as below.
        if let raw, let contiguous = raw.utf8.withContiguousStorageIfAvailable(cleanASCII),
            let ascii = contiguous
        {
            return ascii
        }
        return cleanByCharacter(raw)
    }

    /// `clean` for any text, Character by Character: the way other text goes, and what the ASCII way must match.
    static func cleanByCharacter(_ raw: String?) -> String? {
        guard var name = raw?.trimmingSpacesAndNewlines(), !name.isEmpty else { return nil }
        name = name.trimmingScalars(in: "\"'")
            .trimmingSpaces()
        if name.utf8Contains("@") { return nil }
        let commaParts = name.split(separator: ",", omittingEmptySubsequences: true)
        if commaParts.count == 2 {
            let last = commaParts[0].trimmingSpaces()
            let first = commaParts[1].trimmingSpaces()
            if !last.utf8Contains(" ") || !first.isEmpty { name = "\(first) \(last)" }
        }
        let collapsed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// `clean` for ASCII bytes: `.some(nil)` when nothing is left, nil when the text is not ASCII.
    private static func cleanASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        func trimmed(_ slice: Slice<UnsafeBufferPointer<UInt8>>, _ isTrimmed: (UInt8) -> Bool)
            -> Slice<UnsafeBufferPointer<UInt8>>
        {
            guard let first = slice.firstIndex(where: { !isTrimmed($0) }) else { return slice[slice.endIndex...] }
            return slice[first...slice.lastIndex(where: { !isTrimmed($0) })!]
        }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let isWhitespace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        var name = trimmed(bytes[...], isWhitespace)
        guard !name.isEmpty else { return .some(nil) }
        name = trimmed(trimmed(name) { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }, isSpace)
        guard !name.contains(UInt8(ascii: "@")) else { return .some(nil) }
        var words: [UInt8] = Array(name)
        let commaParts = name.split(separator: UInt8(ascii: ","))
        if commaParts.count == 2 {
            let last = trimmed(commaParts[0], isSpace)
            let first = trimmed(commaParts[1], isSpace)
            if !last.contains(UInt8(ascii: " ")) || !first.isEmpty { words = Array(first) + [0x20] + Array(last) }
        }
        let collapsed = Array(words.split(whereSeparator: isWhitespace).joined(separator: [0x20]))
        return collapsed.isEmpty ? .some(nil) : .some(String(decoding: collapsed, as: UTF8.self))
    }

    /// The given name for a greeting: the first word of a cleaned name, skipping titles such as "Dr." or "Mr".
    public static func firstName(of name: String) -> String? {
        let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        let first = words.first { !personTitles.contains($0.lowercased().trimmingScalars(in: ".")) }
        return first ?? words.first
    }

    /// Titles before a first name, lower-case and without their dot; made once, not for each name.
    private static let personTitles: Set<String> = [
        "mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "m", "mme", "sr", "sra",
    ]
}
