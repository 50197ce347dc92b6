/// A light check that a front matter address looks like one, to catch typos before a reply bounces.
enum EmailAddressShape {
    /// True for `local@domain.tld` or `Display Name <local@domain.tld>`, with no spaces or line breaks inside.
    static func isPlausible(_ value: String) -> Bool {
        if value.hasSuffix(">"), let open = value.lastIndex(of: "<") {
            let address = value[value.index(after: open)..<value.index(before: value.endIndex)]
            return isBareAddress(String(address)) && !value[..<open].contains { $0.isNewline }
        }
        return isBareAddress(value)
    }

    private static func isBareAddress(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !value.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }
    }
}
