extension StringProtocol {
    /// `lowercased()` as UTF-8 bytes, with ASCII lowered byte by byte: the scorer lowers a lead's whole enquiry
    /// history on every change, and `String.lowercased()` looks up every scalar's mapping. Non-ASCII runs still
    /// go through `lowercased()`, which maps scalar by scalar, so the result is the same bytes.
    var lowercasedUTF8: [UInt8] {
        if let lowered = utf8.withContiguousStorageIfAvailable(Self.lowercased) { return lowered }
        return Array(utf8).withUnsafeBufferPointer(Self.lowercased)
    }

    private static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var end = index
            while end < bytes.count && bytes[end] < 0x80 { end += 1 }
            if end > index {
                result += UnsafeBufferPointer(rebasing: bytes[index..<end]).lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
                index = end
            }
            while end < bytes.count && bytes[end] >= 0x80 { end += 1 }
            if end > index {
                let run = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                result += run.lowercased().utf8
                index = end
            }
        }
        return result
    }
}

extension Collection<UInt8> {
    /// These bytes with their ASCII capitals lowered, in a buffer on the stack for `body` to read: no String and no
    /// array for the short ASCII lines and items whose words intake looks up (sign-offs, job titles, legal forms).
    func withASCIILowercased<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            for (index, byte) in enumerated() { buffer[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
            return body(UnsafeBufferPointer(buffer))
        }
    }
}
