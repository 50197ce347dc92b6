#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension StringProtocol {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8, or nil.
    ///
    /// For the literal markers intake looks for in every line (" at ", "@", "://"): Foundation's `range(of:)`
    /// bridges each line to NSString and compares with Unicode canonical equivalence, which costs many times
    /// more and is not wanted for markers like these. A match of valid UTF-8 starts and ends on scalar
    /// boundaries, so the range is a valid index range of the string. Inlinable: called from another module
    /// without being specialized, a search would spend more on generic overhead than on the bytes (a signature
    /// line asks it a dozen times).
    @inlinable
    public func utf8Range(of needle: some StringProtocol) -> Range<Index>? {
        let found: Int?? = utf8.withContiguousStorageIfAvailable { text in
            var needle = String(needle)
            return needle.withUTF8 { byteOffset(of: $0, in: text) }
        }
        guard
            let offset = found
                ?? Array(utf8).withUnsafeBufferPointer({ text in
                    var needle = String(needle)
                    return needle.withUTF8 { byteOffset(of: $0, in: text) }
                })
        else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Whether every byte of the text is ASCII, read eight bytes at a time: the way in to the byte-wise fast paths
    /// for plain ASCII text (nearly every header field, address and enquiry), which other text passes by.
    public var utf8IsASCII: Bool {
        utf8.withContiguousStorageIfAvailable(asciiOnly) ?? !utf8.contains { $0 >= 0x80 }
    }

    /// Whether `needle` occurs, compared byte for byte in UTF-8 (see `utf8Range(of:)`).
    @inlinable
    public func utf8Contains(_ needle: some StringProtocol) -> Bool {
        utf8Range(of: needle) != nil
    }

    /// The first Character that is a single ASCII byte `matches` accepts (not "\r" or "\n", which "\r\n" joins),
    /// like `firstIndex(where:)` over Characters but found on the bytes. A Character equal to such a byte is that
    /// byte, and the first such byte is a Character of its own when ASCII bytes (or the ends) are on both sides
    /// of it: no ASCII scalar joins a cluster, but a combining mark after it or a prepended mark (U+0600…) before
    /// it may; then the text is walked by Character.
    public func firstCharacter(whereASCII matches: (UInt8) -> Bool) -> Index? {
        character(at: { $0.firstIndex(where: matches) }, orWalking: { firstIndex(where: { $0.isASCII(matches) }) })
    }

    /// The last Character that is a single ASCII byte `matches` accepts: `firstCharacter(whereASCII:)` from the
    /// end, for the last "@" of an address or "*" of a parameter name (`lastIndex(of:)` walks Characters backwards,
    /// grapheme breaking each).
    public func lastCharacter(whereASCII matches: (UInt8) -> Bool) -> Index? {
        character(at: { $0.lastIndex(where: matches) }, orWalking: { lastIndex(where: { $0.isASCII(matches) }) })
    }

    /// The Character at the byte `find` picks, when that byte stands alone (see `ByteHit`); else `walk`'s answer.
    private func character(
        at find: (UnsafeBufferPointer<UInt8>) -> Int?, orWalking walk: () -> Index?
    ) -> Index? {
        // On the contiguous bytes: walking `utf8` by its indices costs several times more per byte.
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteHit? {
            find(bytes).map { ByteHit(offset: $0, in: bytes) }
        }
        let contiguous: ByteHit?? = utf8.withContiguousStorageIfAvailable(search)
        guard let found = contiguous ?? Array(utf8).withUnsafeBufferPointer(search) else { return nil }
        return found.standsAlone ? utf8.index(utf8.startIndex, offsetBy: found.offset) : walk()
    }

    /// The lines between line feeds, exactly as `split(separator: "\n", omittingEmptySubsequences: false)` gives
    /// them, found with `memchr` instead of by walking Characters (intake splits every body several times).
    ///
    /// A "\r\n" pair is one Character, which that split does not cut; so a line feed after a carriage return
    /// does not end a line here either.
    @inlinable
    public var linesSplitAtLineFeed: [SubSequence] {
        let offsets: [Int]? = utf8.withContiguousStorageIfAvailable(Self.lineFeedOffsets)
        let feeds = offsets ?? Array(utf8).withUnsafeBufferPointer(Self.lineFeedOffsets)
        var lines: [SubSequence] = []
        lines.reserveCapacity(feeds.count + 1)
        var lineStart = startIndex
        var lineStartOffset = 0
        for feed in feeds {
            let end = utf8.index(lineStart, offsetBy: feed - lineStartOffset)
            lines.append(self[lineStart..<end])
            lineStart = utf8.index(after: end)
            lineStartOffset = feed + 1
        }
        lines.append(self[lineStart..<endIndex])
        return lines
    }

    /// Offsets of the line feeds that are not the second half of a "\r\n".
    @usableFromInline
    static func lineFeedOffsets(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        var start = 0
        while let offset = text.firstOffset(of: 0x0A, from: start) {
            if offset == 0 || text[offset - 1] != 0x0D { offsets.append(offset) }
            start = offset + 1
        }
        return offsets
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first `byte` at or after `start`, found with `memchr`.
    public func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        guard start < count, let base = baseAddress, let hit = memchr(base + start, Int32(byte), count - start) else {
            return nil
        }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// Where `needle` first occurs at or after `start`, ASCII letters compared ignoring case (a closing tag such as
    /// `</style` in markup).
    public func firstOffset(ofIgnoringASCIICase needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first?.lowercasedASCII else { return start <= count ? start : nil }
        // A first byte that is no letter is looked for by `memchr`; after a letter every offset is tried.
        let firstIsLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        var candidate = start
        while candidate + needle.count <= count {
            if !firstIsLetter {
                guard let hit = firstOffset(of: first, from: candidate) else { return nil }
                candidate = hit
                guard candidate + needle.count <= count else { return nil }
            }
            if needle.indices.allSatisfy({ needle[$0].lowercasedASCII == self[candidate + $0].lowercasedASCII }) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }
}

/// Where `needle` first occurs in `text`, byte for byte: `memchr` for the first byte, `memcmp` for the rest.
@usableFromInline
func byteOffset(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let first = needle.first, needle.count <= text.count, let base = text.baseAddress else { return nil }
    let last = text.count - needle.count
    var start = 0
    while start <= last {
        guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
        let found = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return found }
        start = found + 1
    }
    return nil
}

/// A byte found by `firstCharacter(whereASCII:)` or `lastCharacter(whereASCII:)`.
private struct ByteHit {
    let offset: Int
    /// ASCII (or an end) on both sides: the byte is a Character of its own.
    let standsAlone: Bool

    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        self.offset = offset
        standsAlone =
            (offset == 0 || bytes[offset - 1] < 0x80) && (offset + 1 == bytes.count || bytes[offset + 1] < 0x80)
    }
}

extension Character {
    /// Whether this Character is a single ASCII byte that `matches` accepts.
    fileprivate func isASCII(_ matches: (UInt8) -> Bool) -> Bool {
        utf8.count == 1 && matches(utf8.first!)
    }
}

/// Whether no byte of `bytes` has its high bit set, eight at a time.
private func asciiOnly(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var index = 0
    var high: UInt64 = 0
    while index + 8 <= bytes.count {
        high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index += 8
    }
    while index < bytes.count {
        high |= UInt64(bytes[index])
        index += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
}
