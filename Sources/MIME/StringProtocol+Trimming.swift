/// Trimming for the line-by-line reading of headers and bodies, which runs on every line of every message.
///
/// Foundation's `trimmingCharacters(in: .whitespaces)` bridges each line to NSString (UTF-16) and back; this stays
/// on the string's own UTF-8 and, for the usual ASCII spaces, never looks up a Unicode property. Inlinable, so that
/// Leads and Templates get versions specialized for String and Substring: the generic one cost 2-3 times as much.
extension StringProtocol where SubSequence == Substring {
    /// Without the spaces and tabs at either end (`isHorizontalSpace`), not line breaks.
    @inlinable
    public var trimmedSpaces: Substring { trimming(where: \.isHorizontalSpace) }

    /// Without the scalars at either end for which `isTrimmed` holds.
    @inlinable
    public func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let last = scalars.index(before: end)
            guard isTrimmed(scalars[last]) else { break }
            end = last
        }
        return self[start..<end]
    }

    /// `trimmingCharacters(in: .whitespaces)` without the NSString round trip.
    @inlinable
    public func trimmingSpaces() -> String { String(trimmedSpaces) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without the NSString round trip.
    @inlinable
    public func trimmingSpacesAndNewlines() -> String {
        String(trimming { $0.isHorizontalSpace || $0.isLineBreak })
    }

    /// `trimmingCharacters(in: CharacterSet(charactersIn: scalars))` without the NSString round trip.
    @inlinable
    public func trimmingScalars(in scalars: String) -> String {
        String(trimming { scalars.unicodeScalars.contains($0) })
    }

    /// Without the spaces, tabs and carriage returns at its end (a CRLF line split at LF keeps its CR).
    @inlinable
    public var trimmingTrailingSpaces: Substring {
        let scalars = unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let last = scalars.index(before: end)
            let scalar = scalars[last]
            guard scalar == " " || scalar == "\t" || scalar == "\r" else { break }
            end = last
        }
        return self[startIndex..<end]
    }
}

extension Unicode.Scalar {
    /// Tab, a Unicode space separator (category Zs, no-break space included) or the zero-width space that HTML
    /// mail scatters about: what Foundation's `CharacterSet.whitespaces` holds on Linux.
    @inlinable
    public var isHorizontalSpace: Bool {
        if value < 0x80 { return value == 0x20 || value == 0x09 }
        return value == 0x200B || properties.generalCategory == .spaceSeparator
    }

    /// LF, VT, FF, CR, NEL and the Unicode line and paragraph separators: the newlines of
    /// `CharacterSet.whitespacesAndNewlines`.
    @inlinable
    public var isLineBreak: Bool {
        (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029
    }
}

extension String {
    /// The text with every NUL replaced by U+FFFD: a NUL cuts strings in C, in SQLite's text functions and in
    /// logs, so none leaves the parser; the mark shows where the sender put one, and no address holding it
    /// passes a check.
    var replacingNUL: String {
        guard utf8.contains(0) else { return self }
        return String(decoding: utf8.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }, as: UTF8.self)
    }
}
