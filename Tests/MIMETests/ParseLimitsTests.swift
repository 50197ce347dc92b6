import Testing

@testable import MIME

/// Hostile and junk input: each limit throws its own error, junk is refused, nothing crashes.
@Suite struct ParseLimitsTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("Empty or whitespace-only input throws .empty", arguments: ["", " ", "\r\n\r\n", " \t\n"])
    func empty(_ input: String) {
        #expect(throws: MessageParseError.empty) { try MessageParser().parse(Self.bytes(input)) }
    }

    @Test(
        "Input that does not start with a header field throws .noHeaders",
        arguments: [
            "Hello, this is just a body\nwith no headers\n",
            "\u{89}PNG\r\n\u{1A}\n binary",
            "  indented: not a header\n",
            ": no name\n",
            "From nobody Mon Nov 23 18:01:02 2026\n\nbody only\n",
        ])
    func noHeaders(_ input: String) {
        #expect(throws: MessageParseError.noHeaders) { try MessageParser().parse(Self.bytes(input)) }
    }

    @Test("Binary junk throws .noHeaders")
    func binaryJunk() {
        let junk: [UInt8] = [0x00, 0xFF, 0xFE, 0x13, 0x37, 0x0A, 0x41, 0x3A, 0x0A]
        #expect(throws: MessageParseError.noHeaders) { try MessageParser().parse(junk) }
    }

    @Test("Over maxMessageSize throws .tooLarge with both numbers")
    func tooLarge() {
        let parser = MessageParser(limits: ParseLimits(maxMessageSize: 100))
        let input = Self.bytes("Subject: x\n\n" + String(repeating: "a", count: 200))
        #expect(throws: MessageParseError.tooLarge(size: input.count, limit: 100)) { try parser.parse(input) }
    }

    @Test("More fields than maxHeaderCount throws .tooManyHeaders; exactly the limit is fine")
    func tooManyHeaders() throws {
        let parser = MessageParser(limits: ParseLimits(maxHeaderCount: 10))
        let ten = (1...10).map { "X-H\($0): v\n" }.joined() + "\nbody"
        #expect(try parser.parse(Self.bytes(ten)).headers.fields.count == 10)
        let eleven = (1...11).map { "X-H\($0): v\n" }.joined() + "\nbody"
        #expect(throws: MessageParseError.tooManyHeaders(limit: 10)) { try parser.parse(Self.bytes(eleven)) }
    }

    @Test("A field longer than maxHeaderLength throws .headerTooLong naming it, folded or not")
    func headerTooLong() {
        let parser = MessageParser(limits: ParseLimits(maxHeaderLength: 100))
        let long = "From: a@b.example\nSubject: " + String(repeating: "x", count: 150) + "\n\nbody"
        #expect(throws: MessageParseError.headerTooLong(name: "Subject", limit: 100)) {
            try parser.parse(Self.bytes(long))
        }
        let folded = "From: a@b.example\nReferences: <a@b>\n" + String(repeating: " <c@d>\n", count: 50) + "\nbody"
        #expect(throws: MessageParseError.headerTooLong(name: "References", limit: 100)) {
            try parser.parse(Self.bytes(folded))
        }
    }

    private static func nested(depth: Int) -> String {
        var text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<depth {
            text += "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n"
        }
        text += "--b\(depth)\n\ninnermost\n"
        for level in stride(from: depth, through: 0, by: -1) { text += "--b\(level)--\n" }
        return text
    }

    @Test("Nesting deeper than maxDepth throws .tooDeep; within it the innermost text is found")
    func tooDeep() throws {
        let parser = MessageParser(limits: ParseLimits(maxDepth: 5))
        #expect(try parser.parse(Self.bytes(Self.nested(depth: 4))).text == "innermost")
        #expect(throws: MessageParseError.tooDeep(limit: 5)) { try parser.parse(Self.bytes(Self.nested(depth: 5))) }
        #expect(throws: MessageParseError.tooDeep(limit: 20)) {
            try MessageParser().parse(Self.bytes(Self.nested(depth: 1_000)))
        }
    }

    @Test("Embedded messages count toward the depth")
    func embeddedDepth() {
        var text = "From: a@b.example\nSubject: inner\n\nbody\n"
        for _ in 0..<6 { text = "From: a@b.example\nContent-Type: message/rfc822\n\n" + text }
        #expect(throws: MessageParseError.tooDeep(limit: 3)) {
            try MessageParser(limits: ParseLimits(maxDepth: 3)).parse(Self.bytes(text))
        }
    }

    @Test("More parts than maxParts throws .tooManyParts")
    func tooManyParts() throws {
        var text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=x\n\n"
        for index in 0..<30 { text += "--x\n\npart \(index)\n" }
        text += "--x--\n"
        #expect(try MessageParser(limits: ParseLimits(maxParts: 31)).parse(Self.bytes(text)).attachments.count == 29)
        #expect(throws: MessageParseError.tooManyParts(limit: 30)) {
            try MessageParser(limits: ParseLimits(maxParts: 30)).parse(Self.bytes(text))
        }
    }

    @Test("Defaults are the documented values")
    func defaults() {
        let limits = ParseLimits.default
        #expect(limits.maxMessageSize == 64 * 1024 * 1024)
        #expect(limits.maxHeaderCount == 1_000)
        #expect(limits.maxHeaderLength == 64 * 1024)
        #expect(limits.maxDepth == 20)
        #expect(limits.maxParts == 2_000)
    }

    @Test(
        "Every error's description says what happened and what to do",
        arguments: [
            MessageParseError.empty, .noHeaders, .tooLarge(size: 10, limit: 5), .tooManyHeaders(limit: 3),
            .headerTooLong(name: "Subject", limit: 9), .tooDeep(limit: 2), .tooManyParts(limit: 4),
        ])
    func descriptions(_ error: MessageParseError) {
        let text = error.description
        #expect(text.count > 60)
        #expect(text.hasSuffix("."))
        #expect(["Delete", "Inspect", "Raise", "raise", "ask"].contains { text.contains($0) })
    }
}
