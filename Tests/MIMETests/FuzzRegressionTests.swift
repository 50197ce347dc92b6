import Foundation
import Testing

@testable import MIME

/// Hostile inputs kept from fuzzing and from probing for quadratic cases (Fixtures/fuzz/, see Fuzz/README.md):
/// each must parse, or be refused with a `MessageParseError`, and its reading must encode.
@Suite struct FuzzRegressionTests {
    static func folder() throws -> URL {
        try #require(Bundle.module.url(forResource: "fuzz", withExtension: nil, subdirectory: "Fixtures"))
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder().path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test(
        "Every kept hostile input is read, its text bounded by its size, and its reading encodes",
        arguments: try names())
    func hostileInput(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder().appendingPathComponent(name)))
        let message = try MessageParser().parse(bytes)
        #expect(message.size == bytes.count)
        #expect((message.text?.utf8.count ?? 0) <= bytes.count * 3, "the text cannot grow beyond the input")
        let line = try MessageReading(message, file: name).jsonLine()
        #expect(line.hasPrefix("{") && !line.contains("\n"))
    }

    @Test("libFuzzer's crasher: a Date zone of 20 digits is ignored instead of overflowing")
    func dateOffsetOverflow() throws {
        let name = "crash-date-offset-overflow.eml"
        let bytes = try [UInt8](Data(contentsOf: Self.folder().appendingPathComponent(name)))
        #expect(try MessageParser().parse(bytes).size == bytes.count)
        let junkZone = try #require(MailDateParser.parse("Mon, 23 Nov 2026 08:30:00 +001507263340988304952"))
        #expect(junkZone == MailDateParser.parse("Mon, 23 Nov 2026 08:30:00"))
    }

    @Test("The hostile inputs cover the HTML, header, multipart, encoding and charset paths")
    func coverage() throws {
        let names = try Self.names()
        let prefixes = ["html-", "header-", "boundary-", "qp-", "iso2022-", "rfc2231-", "empty-", "folded-", "crash-"]
        for prefix in prefixes {
            #expect(names.contains { $0.hasPrefix(prefix) }, "no hostile input for \(prefix)")
        }
    }
}
