#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the body parts of a multipart between its boundary delimiter lines, in one pass.
///
/// The preamble before the first delimiter and the epilogue after the closing one are ignored. A missing
/// closing delimiter is tolerated: the last part runs to the end.
struct MultipartSplitter {
    struct Result {
        var parts: [ArraySlice<UInt8>]
        var foundOpening: Bool
        var foundClosing: Bool
    }

    let boundary: [UInt8]

    init(boundary: String) {
        self.boundary = Array("--".utf8) + Array(boundary.utf8)
    }

    func split(_ body: ArraySlice<UInt8>) -> Result {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        let end = body.endIndex
        while lineStart < end {
            let lineEnd = Self.lineFeed(in: body, from: lineStart) ?? end
            if let isClosing = delimiter(in: body, from: lineStart, to: lineEnd) {
                if let start = partStart {
                    parts.append(body[start..<contentEnd(body, start: start, delimiterLine: lineStart)])
                }
                if isClosing {
                    return Result(parts: parts, foundOpening: true, foundClosing: true)
                }
                partStart = lineEnd < end ? lineEnd + 1 : end
            }
            lineStart = lineEnd < end ? lineEnd + 1 : end
        }
        if let start = partStart {
            parts.append(body[start..<end])
        }
        return Result(parts: parts, foundOpening: partStart != nil, foundClosing: false)
    }

    /// The next line feed at or after `start`, found with `memchr` (a part's body is mostly lines to skip).
    private static func lineFeed(in body: ArraySlice<UInt8>, from start: Int) -> Int? {
        body.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let offset = start - body.startIndex
            guard let hit = memchr(base + offset, 0x0A, buffer.count - offset) else { return nil }
            return body.startIndex + UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        }
    }

    /// `true` for a closing delimiter, `false` for an ordinary one, `nil` when the line is not a delimiter.
    private func delimiter(in body: ArraySlice<UInt8>, from start: Int, to end: Int) -> Bool? {
        guard end - start >= boundary.count, body[start] == UInt8(ascii: "-") else { return nil }
        var index = start
        for byte in boundary {
            guard body[index] == byte else { return nil }
            index += 1
        }
        var closing = false
        if index + 1 < end, body[index] == UInt8(ascii: "-"), body[index + 1] == UInt8(ascii: "-") {
            closing = true
            index += 2
        }
        while index < end {
            let byte = body[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return nil }
            index += 1
        }
        return closing
    }

    /// The part ends before the line break that precedes the delimiter line (that break belongs to it).
    private func contentEnd(_ body: ArraySlice<UInt8>, start: Int, delimiterLine: Int) -> Int {
        var end = delimiterLine
        if end > start, body[end - 1] == 0x0A { end -= 1 }
        if end > start, body[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
