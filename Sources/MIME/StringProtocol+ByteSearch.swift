extension StringProtocol {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8, or nil.
    ///
    /// For the literal markers intake looks for in every line (" at ", "@", "://"): Foundation's `range(of:)`
    /// bridges each line to NSString and compares with Unicode canonical equivalence, which costs many times
    /// more and is not wanted for markers like these. A match of valid UTF-8 starts and ends on scalar
    /// boundaries, so the range is a valid index range of the string.
    public func utf8Range(of needle: some StringProtocol) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        var start = utf8.startIndex
        while let candidate = utf8[start...].firstIndex(of: first) {
            var haystack = utf8[candidate...].makeIterator()
            var matched = true
            for byte in pattern {
                guard let next = haystack.next(), next == byte else { matched = false; break }
            }
            if matched {
                return candidate..<utf8.index(candidate, offsetBy: pattern.count)
            }
            start = utf8.index(after: candidate)
        }
        return nil
    }

    /// Whether `needle` occurs, compared byte for byte in UTF-8 (see `utf8Range(of:)`).
    public func utf8Contains(_ needle: some StringProtocol) -> Bool {
        utf8Range(of: needle) != nil
    }
}
