import Foundation
import MIME
import Testing

/// The byte-level line splitting and searching that replaced `split(separator:)` and Foundation's `range(of:)` on
/// the intake path must give the same lines and the same ranges, for the odd text of real mail too.
@Suite("Splitting lines and finding markers by bytes")
struct ByteSearchTests {
    static let pieces = [
        "a", " ", "\n", "\r", "\r\n", "\n\r", "é", "e\u{301}", "\u{301}", "日本", "🙂", "@", " at ",
        "://", "\t", "\u{2028}", "x",
    ]

    static func generated(_ count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...12, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test("lines: the same Substrings as split(separator: \"\\n\") on 5,000 generated texts, CRLF pairs included")
    func linesAgreeWithSplit() {
        var sawCRLF = 0
        for text in Self.generated(5_000) {
            if text.utf8.contains(0x0D) && text.contains("\r\n") { sawCRLF += 1 }
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(text.linesSplitAtLineFeed == expected, "\(Array(text.unicodeScalars))")
            let slice = text.dropFirst(min(2, text.count))
            #expect(slice.linesSplitAtLineFeed == slice.split(separator: "\n", omittingEmptySubsequences: false))
        }
        #expect(sawCRLF > 500)
    }

    @Test(
        "utf8Range finds what range(of:) finds for the ASCII markers intake looks for",
        arguments: ["@", " at ", "://", "a"])
    func rangesAgreeWithFoundation(marker: String) {
        var found = 0
        for text in Self.generated(3_000) {
            let ours = text.utf8Range(of: marker)
            #expect(ours == text.range(of: marker, options: .literal), "\(Array(text.unicodeScalars))")
            if let ours {
                found += 1
                #expect(text[ours] == marker)
            }
        }
        #expect(found > 300)
        #expect("".utf8Range(of: marker) == nil)
        #expect(marker.utf8Range(of: "") == nil)
    }

    @Test(
        "first/lastCharacter(whereASCII:) find what firstIndex/lastIndex(of:) find over Characters, next to combining and prepended marks",
        arguments: ["@", ":", "*", "."])
    func characterSearchAgreesWithCharacters(marker: String) {
        let byte = marker.utf8.first!
        let pieces =
            Self.pieces + [
                marker, marker, "\u{0600}", "\u{0301}" + marker, marker + "\u{0301}", "\u{0600}" + marker,
                "\u{200D}", "👍🏽", "\u{0915}\u{094D}",
            ]
        var generator = SystemRandomNumberGenerator()
        var found = 0
        var walked = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let character = Character(marker)
            let first = text.firstCharacter(whereASCII: { $0 == byte })
            let last = text.lastCharacter(whereASCII: { $0 == byte })
            #expect(first == text.firstIndex(of: character), "\(Array(text.unicodeScalars))")
            #expect(last == text.lastIndex(of: character), "\(Array(text.unicodeScalars))")
            if last != nil { found += 1 }
            if text.firstIndex(of: character) == nil && text.utf8.contains(byte) { walked += 1 }
            let slice = text.dropFirst(min(1, text.count))
            #expect(slice.lastCharacter(whereASCII: { $0 == byte }) == slice.lastIndex(of: character))
        }
        #expect(found > 5_000)
        #expect(walked > 100, "texts where the byte is only part of a larger Character were generated")
    }
}
