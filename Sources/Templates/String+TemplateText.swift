extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines (Unicode White_Space).
    ///
    /// Scalar by scalar from both ends: every rendered reply goes through here, and walking a whole body backwards
    /// by Character (grapheme breaking each step) cost more than the rest of the rendering.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start {
            let last = scalars.index(before: end)
            guard scalars[last].properties.isWhitespace else { break }
            end = last
        }
        // The scalar view's indices are the string's own: one copy of the bytes, not a rebuild scalar by scalar.
        return String(self[start..<end])
    }
}

extension String {
    /// The string without `suffix` at its end (unchanged when it does not end with it).
    func dropSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension String {
    /// The text on one line: each run of whitespace (line breaks too) becomes one space, and none is left at the
    /// ends. For subjects, which must not break the header they go into.
    func collapsingWhitespace() -> String {
        // ASCII, nearly every subject, on its bytes: its White_Space characters are tab to carriage return, and space.
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var spaceIsDue = false
        for byte in utf8 {
            if byte == UInt8(ascii: " ") || (0x09...0x0D).contains(byte) {
                spaceIsDue = !bytes.isEmpty
                continue
            }
            if spaceIsDue {
                bytes.append(UInt8(ascii: " "))
                spaceIsDue = false
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
