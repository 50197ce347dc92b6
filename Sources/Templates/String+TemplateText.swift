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
