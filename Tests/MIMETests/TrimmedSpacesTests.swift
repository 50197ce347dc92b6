import Foundation
import MIME
import Testing

/// The byte-level trimming that replaced Foundation's on the intake path must trim exactly what
/// `trimmingCharacters(in: .whitespaces)` trims, for the odd characters of real mail too.
@Suite("Trimming spaces without Foundation")
struct TrimmedSpacesTests {
    static let pieces = [
        " ", "\t", "\u{00A0}", "\u{2003}", "\u{3000}", "\r", "\n", "a", "é", "e\u{0301}", "日",
        "-", ",", "🙂", "\u{200B}",
    ]

    /// The specification, scalar by scalar: tab, category Zs and U+200B go from both ends.
    static func reference(_ line: String) -> String {
        var scalars = Array(line.unicodeScalars)
        let isSpace = { (s: Unicode.Scalar) in
            s == "\t" || s.value == 0x200B || s.properties.generalCategory == .spaceSeparator
        }
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test("trims what the specification says on 5,000 generated lines, and what Foundation trims when it agrees")
    func agreesWithSpecification() {
        var generator = SystemRandomNumberGenerator()
        var comparedWithFoundation = 0
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...8, using: &generator)
            let line = (0..<length).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let trimmed = String(line.trimmedSpaces)
            #expect(trimmed == Self.reference(line), "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
            // Foundation on Linux stops early after a zero-width space; elsewhere the two must agree.
            if !line.unicodeScalars.contains("\u{200B}") {
                comparedWithFoundation += 1
                #expect(
                    trimmed == line.trimmingCharacters(in: .whitespaces),
                    "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
        #expect(comparedWithFoundation > 1_000)
    }

    @Test("trailing spaces, tabs and the CR of a CRLF line go; leading ones and inner ones stay")
    func trailing() {
        #expect(" a b \t\r".trimmingTrailingSpaces == " a b")
        #expect("\r\r".trimmingTrailingSpaces == "")
        #expect("x\u{00A0}".trimmingTrailingSpaces == "x\u{00A0}")
    }
}
