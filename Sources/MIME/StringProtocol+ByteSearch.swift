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
    /// boundaries, so the range is a valid index range of the string.
    public func utf8Range(of needle: some StringProtocol) -> Range<Index>? {
        let found: Int?? = utf8.withContiguousStorageIfAvailable { text in
            var needle = String(needle)
            return needle.withUTF8 { Self.offset(of: $0, in: text) }
        }
        guard let offset = found ?? Array(utf8).withUnsafeBufferPointer({ text in
            var needle = String(needle)
            return needle.withUTF8 { Self.offset(of: $0, in: text) }
        }) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Whether `needle` occurs, compared byte for byte in UTF-8 (see `utf8Range(of:)`).
    public func utf8Contains(_ needle: some StringProtocol) -> Bool {
        utf8Range(of: needle) != nil
    }

    /// `memchr` for the first byte, `memcmp` for the rest.
    private static func offset(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
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
}
