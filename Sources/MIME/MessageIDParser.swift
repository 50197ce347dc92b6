/// Reads Message-ID, In-Reply-To and References: ids without angle brackets, junk around them ignored.
enum MessageIDParser {
    /// Every id in the value, in order. Ids in `<…>` win; without any brackets the whitespace-separated
    /// words that look like ids (contain "@") are taken.
    static func ids(in text: String) -> [String] {
        var ids: [String] = []
        var sawBracket = false
        var index = text.startIndex
        while let open = text[index...].firstCharacter(whereASCII: { $0 == UInt8(ascii: "<") }) {
            sawBracket = true
            guard let close = text[open...].firstCharacter(whereASCII: { $0 == UInt8(ascii: ">") }) else {
                let rest = cleaned(text[text.index(after: open)...])
                if !rest.isEmpty { ids.append(rest) }
                break
            }
            let id = cleaned(text[text.index(after: open)..<close])
            if !id.isEmpty { ids.append(id) }
            index = text.index(after: close)
        }
        if !sawBracket {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            ids = words.map { cleaned($0) }.filter { $0.utf8Contains("@") }
            if ids.isEmpty, words.count == 1, let only = words.first, !only.isEmpty { ids = [cleaned(only)] }
        }
        return ids
    }

    /// The single id of a Message-ID header.
    static func id(in text: String) -> String? {
        ids(in: text).first
    }

    private static func cleaned(_ text: Substring) -> String {
        // The usual id has nothing to remove: checked on its bytes, without Character's Unicode rules.
        let plain = text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"")
        }
        if plain { return String(text) }
        return String(text.filter { !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "\"" })
    }
}
