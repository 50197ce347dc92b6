import Foundation
import Leads
import Testing

@testable import LeadStore

@Suite("Kept score matches are written as JSON that JSONDecoder reads back")
struct ScoreMatchesJSONTests {
    /// Words as scoring rules and enquiries give them, and the characters JSON must escape.
    static let pieces = [
        "budget", "Größe", "devis", "名前", "😀", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}",
        "\u{2028}", "e\u{301}", " ", "purchase order", "",
    ]

    static func text(_ random: inout SystemRandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test("5,000 generated matches (quotes, backslashes, control characters, any script) read back equal")
    func roundTrip() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let matches = ScoreMatches(
                matches: TextMatches(
                    titles: Set((0..<Int.random(in: 0...3, using: &random)).map { _ in Self.text(&random) }),
                    words: Set((0..<Int.random(in: 0...6, using: &random)).map { _ in Self.text(&random) })),
                through: Int64.random(in: 0...Int64.max, using: &random), enquiries: Int.random(in: 0...500),
                rules: Self.text(&random))
            let json = ScoreMatchesJSON.encode(matches)
            let decoded = try JSONDecoder().decode(ScoreMatches.self, from: Data(json.utf8))
            #expect(decoded == matches, "\(json)")
        }
    }

    @Test("the same matches give the same text whatever order the sets hold them in")
    func stableText() {
        let words = ["quote", "urgent", "tender", "Größe"]
        let one = ScoreMatches(matches: TextMatches(words: Set(words)), through: 4, enquiries: 1, rules: "r1")
        var other = one
        other.matches.words = Set(words.reversed())
        #expect(ScoreMatchesJSON.encode(one) == ScoreMatchesJSON.encode(other))
        #expect(
            ScoreMatchesJSON.encode(one)
                == #"{"enquiries":1,"matches":{"titles":[],"words":["Größe","quote","tender","urgent"]},"#
                + #""rules":"r1","through":4}"#)
    }
}
