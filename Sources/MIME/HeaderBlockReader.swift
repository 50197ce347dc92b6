/// Splits the header block at the start of a message or part into fields, enforcing the header limits.
///
/// Accepts CRLF or bare LF, unfolds continuation lines, tolerates whitespace before the colon, and ends the
/// block at the first empty line — or, for mail that forgot it, at the first line that is not a field.
struct HeaderBlockReader {
    /// One field with its value still as raw bytes.
    struct RawField {
        var name: String
        /// The bytes after the colon, folding included.
        var rawValue: ArraySlice<UInt8>
        /// The value unfolded (CR and LF removed) and trimmed, still undecoded.
        var unfolded: [UInt8]
    }

    struct Result {
        var fields: [RawField]
        /// Where the body starts (the index after the empty line).
        var bodyStart: Int
        /// True when the block ended at a non-field line instead of an empty line.
        var endedWithoutBlankLine: Bool
    }

    let limits: ParseLimits

    /// Reads fields from `bytes[start...]`. `requireHeader` makes a first line that is not a field an error
    /// (top-level messages); parts may have no headers at all.
    func read(_ bytes: ArraySlice<UInt8>, requireHeader: Bool) throws(MessageParseError) -> Result {
        var fields: [RawField] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        var current: (name: String, valueStart: Int, valueEnd: Int, unfolded: [UInt8])?
        var endedWithoutBlankLine = false

        func finish(_ field: (name: String, valueStart: Int, valueEnd: Int, unfolded: [UInt8])) -> RawField {
            RawField(
                name: field.name, rawValue: bytes[field.valueStart..<field.valueEnd],
                unfolded: Self.trimmed(field.unfolded))
        }

        while index < end {
            let lineEnd = Self.lineEnd(in: bytes, from: index)
            let contentEnd = lineEnd > index && bytes[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            let next = lineEnd < end ? lineEnd + 1 : end
            if contentEnd == index {  // the empty line that ends the block
                if let field = current { fields.append(finish(field)) }
                if fields.isEmpty && requireHeader { throw .noHeaders }
                return Result(fields: fields, bodyStart: next, endedWithoutBlankLine: false)
            }
            let first = bytes[index]
            if first == 0x20 || first == 0x09, current != nil {
                current!.unfolded.append(contentsOf: bytes[index..<contentEnd])
                current!.valueEnd = contentEnd
                if current!.unfolded.count > limits.maxHeaderLength {
                    throw .headerTooLong(name: current!.name, limit: limits.maxHeaderLength)
                }
                index = next
                continue
            }
            guard let colon = Self.fieldColon(in: bytes, lineStart: index, lineEnd: contentEnd) else {
                if fields.isEmpty && current == nil && requireHeader { throw .noHeaders }
                endedWithoutBlankLine = true
                break
            }
            if let field = current { fields.append(finish(field)) }
            if fields.count + 1 > limits.maxHeaderCount { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
            var nameEnd = colon
            while nameEnd > index, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            let name = String(decoding: bytes[index..<nameEnd], as: UTF8.self)
            let value = Array(bytes[(colon + 1)..<contentEnd])
            if value.count > limits.maxHeaderLength {
                throw .headerTooLong(name: name, limit: limits.maxHeaderLength)
            }
            current = (name, colon + 1, contentEnd, value)
            index = next
        }
        if current == nil && fields.isEmpty && requireHeader { throw .noHeaders }
        if let field = current { fields.append(finish(field)) }
        return Result(fields: fields, bodyStart: index, endedWithoutBlankLine: endedWithoutBlankLine)
    }

    /// The index of the LF ending the line that starts at `start`, or the end of the input.
    static func lineEnd(in bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
    }

    /// The colon of a `name: value` line; `nil` when the line is not a field (the name must be printable
    /// ASCII without spaces, though blanks may stand between it and the colon).
    static func fieldColon(in bytes: ArraySlice<UInt8>, lineStart: Int, lineEnd: Int) -> Int? {
        var index = lineStart
        while index < lineEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { break }
            if byte <= 0x20 || byte >= 0x7F {
                // Only blanks may follow the name before the colon.
                guard byte == 0x20 || byte == 0x09, index > lineStart else { return nil }
                var blank = index
                while blank < lineEnd, bytes[blank] == 0x20 || bytes[blank] == 0x09 { blank += 1 }
                guard blank < lineEnd, bytes[blank] == UInt8(ascii: ":") else { return nil }
                return blank
            }
            index += 1
        }
        guard index < lineEnd, index > lineStart else { return nil }
        return index
    }

    static func trimmed(_ value: [UInt8]) -> [UInt8] {
        var start = 0
        var end = value.count
        while start < end, isBlank(value[start]) { start += 1 }
        while end > start, isBlank(value[end - 1]) { end -= 1 }
        return start == 0 && end == value.count ? value : Array(value[start..<end])
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
}
