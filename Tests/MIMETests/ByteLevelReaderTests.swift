import Foundation
import Testing
@testable import MIME

/// The byte-level readers that replaced walks over Unicode scalars give what those walks gave, on generated input
/// full of the characters that matter to them (quotes, escapes, comments, brackets, encoded words, non-ASCII,
/// combining marks).
@Suite("Byte-level header readers agree with the scalar-level ones")
struct ByteLevelReaderTests {
    @Test("address tokens: 20,000 generated header values tokenized as the scalar walk did")
    func addressTokensMatchScalarWalk() {
        var random = MutationTests.SeededGenerator(seed: 7)
        let pieces = [
            "a", "Z", "@", ".", " ", "\t", "\"", "\\", "(", ")", "<", ">", ",", ";", ":", "=?", "?=", "é", "ü",
            "日本", "😀", "e\u{301}", "\r\n", "anna.schmidt@example.com", "=?UTF-8?B?SsO2cmc=?=", "x",
        ]
        for _ in 0..<20_000 {
            let text = (0..<random.next(upTo: 14)).map { _ in pieces[random.next(upTo: pieces.count)] }.joined()
            #expect(AddressListParser.tokenize(text) == ScalarAddressTokenizer.scalarTokens(text), "\(text.debugDescription)")
        }
    }

    @Test("Windows-1252 written straight to UTF-8: every byte as iconv reads it, the 5 it leaves undefined as C1")
    func windows1252MatchesIconv() throws {
        let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        for byte in UInt8.min...UInt8.max {
            let ours = try #require(CharsetDecoder.decode([byte, 0x41], charset: "windows-1252"))
            if undefined.contains(byte) {
                #expect(ours.unicodeScalars.map(\.value) == [UInt32(byte), 0x41])
            } else {
                #expect(ours == CharsetDecoder.iconvDecode([byte, 0x41], from: "CP1252"), "byte \(byte)")
            }
        }
        #expect(CharsetDecoder.canonicalName("Windows-1252") == "CP1252")
        #expect(CharsetDecoder.canonicalName(" \"Shift_JIS\" ") == "CP932")
        #expect(CharsetDecoder.canonicalName("utf-8*en") == "UTF-8")
        #expect(CharsetDecoder.canonicalName("windows-1251") == "CP1251")
    }

    @Test("content types: the byte cut at ( and / gives what the Character split gave")
    func contentTypeCutsMatchCharacterSplit() {
        let cases = ["text/plain", "TEXT/HTML; charset=utf-8", "/a/b", "a//b", "a/", "/", "text", "text (comment)/x",
                     "multipart/mixed (x); boundary=\"b\"", " text / plain ", "image/jpeg(x)", "t\u{301}ext/plain",
                     "text/\u{301}plain", "a/b/c", "//", "text/plain(", "((/", "application/vnd.ms-excel"]
        for text in cases {
            let ours = ParameterizedHeader.contentType(text)
            // The Character way, as contentType read it before.
            let header = ParameterizedHeader(parsing: text)
            var mime = header.value
            if let comment = mime.firstIndex(of: "(") { mime = String(mime[..<comment]).trimmingASCIIWhitespace() }
            let halves = mime.split(separator: "/", maxSplits: 1).map { $0.trimmingASCIIWhitespace() }
            let expected: (String, String)? = halves.count == 2 && !halves[0].isEmpty && !halves[1].isEmpty
                && halves.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } })
                ? (halves[0], halves[1]) : (mime == "text" ? ("text", "plain") : nil)
            #expect(ours?.type == expected?.0 && ours?.subtype == expected?.1, "\(text.debugDescription)")
        }
    }

    @Test("dates: the canonical reader agrees with the token reader, and takes the usual form")
    func canonicalDatesMatchTokenReader() {
        var random = MutationTests.SeededGenerator(seed: 11)
        let weekdays = ["", "Mon, ", "tue,", "WED,  ", "Thu , ", "Fri,", "Xyz, ", "Mar, ", "Sun,"]
        let days = ["1", "01", "09", "28", "31", "32", "0", "123", ""]
        let months = ["Jan", "feb", "DEC", "Sep", "Sept", "Dec.", "Foo", "mAy"]
        let years = ["2026", "1999", "26", "0999", "10000", "2026x"]
        let times = ["14:04:30", "14:04", "4:04:30", "23:59:60", "24:00:00", "14:61:00", "14:04:30.123", "14:04:30+0100"]
        let zones = ["+0000", "-0000", "+0530", "-0800", "+0099", "+01", "GMT", "", "+00000", "-12345"]
        let tails = ["", " (UTC)", "  (CEST)  ", " (a (b) c)", " extra", "\r\n", " ()", " (unclosed"]
        var canonical = 0
        for _ in 0..<20_000 {
            let text = weekdays[random.next(upTo: weekdays.count)] + days[random.next(upTo: days.count)] + " "
                + months[random.next(upTo: months.count)] + " " + years[random.next(upTo: years.count)] + " "
                + times[random.next(upTo: times.count)] + " " + zones[random.next(upTo: zones.count)]
                + tails[random.next(upTo: tails.count)]
            let expected = MailDateParser.parseByTokens(text)
            let fast = MailDateParser.parseCanonical(text)
            if let fast {
                canonical += 1
                #expect(fast.date == expected?.date && fast.offset == expected?.offset, "\(text.debugDescription)")
            }
            let read = MailDateParser.parseWithOffset(text)
            #expect(read?.date == expected?.date && read?.offset == expected?.offset, "\(text.debugDescription)")
        }
        #expect(canonical > 100, "the canonical reader took \(canonical) of 20,000")
        // The forms mailers write, every one of them read by the canonical reader, the same as by tokens.
        for _ in 0..<5_000 {
            let text = ["", "Mon, ", "tue,", "Sun,  "][random.next(upTo: 4)] + String(1 + random.next(upTo: 31)) + " "
                + ["Jan", "feb", "DEC", "Jun"][random.next(upTo: 4)] + " " + String(1970 + random.next(upTo: 100))
                + " " + String(format: "%02d:%02d", random.next(upTo: 24), random.next(upTo: 60))
                + [":07", ":59", ""][random.next(upTo: 3)] + " " + ["+0000", "-0000", "+0530", "-0800"][random.next(upTo: 4)]
                + ["", " (UTC)", "  "][random.next(upTo: 3)]
            let fast = MailDateParser.parseCanonical(text)
            let expected = MailDateParser.parseByTokens(text)
            #expect(fast != nil && fast?.date == expected?.date && fast?.offset == expected?.offset, "\(text.debugDescription)")
        }
        #expect(MailDateParser.parseCanonical("Tue, 1 Dec 2026 14:04:30 +0000") != nil)
        #expect(MailDateParser.parseCanonical("1 Dec 2026 14:04 -0000")?.offset == .some(nil))
    }
}

extension MutationTests.SeededGenerator {
    init(seed: UInt64) { self.init(state: seed) }

    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// `AddressListParser.tokenize` as it was before it read bytes: the reference the byte reader is checked against.
private enum ScalarAddressTokenizer {
    static func scalarTokens(_ text: String) -> [AddressListParser.Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [AddressListParser.Token] = []
        var index = 0
        var word = String.UnicodeScalarView()

        func flushWord() {
            if !word.isEmpty {
                tokens.append(.word(String(word)))
                word = String.UnicodeScalarView()
            }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\r", "\n":
                flushWord()
                index += 1
            case "\"":
                flushWord()
                var content = String.UnicodeScalarView()
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    content.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(.quoted(String(content)))
            case "(":
                flushWord()
                var depth = 0
                var content = String.UnicodeScalarView()
                while index < scalars.count {
                    let inner = scalars[index]
                    if inner == "\\", index + 1 < scalars.count {
                        content.append(scalars[index + 1])
                        index += 2
                        continue
                    }
                    if inner == "(" {
                        depth += 1
                        if depth > 1 { content.append(inner) }
                    } else if inner == ")" {
                        depth -= 1
                        if depth == 0 { index += 1; break }
                        content.append(inner)
                    } else {
                        content.append(inner)
                    }
                    index += 1
                }
                tokens.append(.comment(String(content).trimmingASCIIWhitespace()))
            case "<":
                flushWord()
                var content = String.UnicodeScalarView()
                index += 1
                while index < scalars.count, scalars[index] != ">" {
                    content.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(.angle(String(content)))
            case ",":
                flushWord(); tokens.append(.comma); index += 1
            case ";":
                flushWord(); tokens.append(.semicolon); index += 1
            case ":":
                // A colon inside a word that already holds "@" or "=?" is data (rare); otherwise a group marker.
                if String(word).utf8Contains("=?") {
                    word.append(scalar)
                } else {
                    flushWord()
                    tokens.append(.colon)
                }
                index += 1
            default:
                word.append(scalar)
                index += 1
            }
        }
        flushWord()
        return tokens
    }
}
