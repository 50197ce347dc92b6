import Testing

@testable import MIME

/// Seeded random damage to the fixtures: the parser must return or throw a `MessageParseError`, never
/// crash or hang, whatever the bytes.
@Suite struct MutationTests {
    /// SplitMix64: small, fast and reproducible across platforms, so a failure can be replayed from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    /// Byte strings that make mutations hit the parser's interesting paths.
    static let fragments: [[UInt8]] = [
        "\r\n", "\n", "\r\n\r\n", "--", "=?utf-8?b?", "?=", "=?iso-2022-jp?B?GyRC?=", "=\r\n", "=", "<", ">",
        "\"", "(", ")", ":", ";", "boundary=", "Content-Type: multipart/mixed; boundary=x\r\n",
        "Content-Type: message/rfc822\r\n\r\n", "--x\r\n", "--x--", "Content-Transfer-Encoding: base64\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n", "charset=shift_jis", "name*0*=utf-8''%",
        "<script>", "&#x", "&", "\u{FFFD}", "\0",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1:
                bytes.insert(contentsOf: fragments.randomElement(using: &generator)!, at: position)
            case 2 where !bytes.isEmpty:
                let length = Int.random(in: 1...min(200, bytes.count - position), using: &generator)
                bytes.removeSubrange(position..<(position + length))
            case 3:
                bytes = Array(bytes.prefix(position))
            case 4 where !bytes.isEmpty:
                let length = Int.random(in: 1...min(300, bytes.count - position), using: &generator)
                bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
            case 5 where !bytes.isEmpty:
                bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            default:
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }, at: position)
            }
        }
        return bytes
    }

    @Test("Thousands of seeded mutations of every fixture parse or throw a MessageParseError")
    func mutations() throws {
        let fixtures = try Fixture.allNames().map { try Fixture.bytes($0) }
        var generator = SeededGenerator(state: 0x1EAD_3A11)
        let parser = MessageParser(limits: ParseLimits(maxDepth: 8, maxParts: 200))
        var parsed = 0
        var refused = 0
        for round in 0..<3_000 {
            let original = fixtures[round % fixtures.count]
            let mutated = Self.mutate(original, using: &generator)
            do {
                let message = try parser.parse(mutated)
                #expect(message.size == mutated.count)
                _ = message.text?.count
                parsed += 1
            } catch {
                refused += 1
            }
        }
        #expect(parsed + refused == 3_000)
        #expect(parsed > 2_000, "most damaged mail should still be readable")
    }

    @Test("Pure random bytes never crash the parser")
    func randomBytes() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<500 {
            let count = Int.random(in: 0..<2_000, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? MessageParser().parse(bytes)
        }
        #expect(throws: MessageParseError.self) { try MessageParser().parse([0x89, 0x50, 0x4E, 0x47]) }
    }
}
