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
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

extension String {
    /// The string without `suffix` at its end (unchanged when it does not end with it).
    func dropSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
