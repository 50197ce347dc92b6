import Foundation
import Testing

@testable import MIME

/// LeadMail's reading of every fixture, the CPython corpus and the sample maildir against Python's `email`
/// (policy=default), field by field. The oracle's answers are stored in Fixtures/oracle/*.jsonl (see the
/// README there); every field must agree unless Fixtures/oracle/known-differences.json lists it with the
/// reason why Python is wrong (KNOWN-DIFFERENCES.md explains each reason).
@Suite struct OracleComparisonTests {
    /// The oracle fields compared, in the oracle's order.
    static let fields = [
        "from", "to", "cc", "replyTo", "subject", "date", "messageId", "inReplyTo", "references",
        "structure", "text", "html", "attachments",
    ]

    struct KnownDifference: Decodable, Hashable {
        var file: String
        var field: String
        var kind: String
    }

    struct KnownDifferences: Decodable {
        var reasons: [String: String]
        var differences: [KnownDifference]
    }

    static var fixtures: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    /// The repository's root, for maildir-samples/ (part of the repository, not of the test bundle).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func oracleAnswers() throws -> [JSONValue] {
        let folder = try fixtures.appendingPathComponent("oracle")
        return try ["cpython-email", "fixtures", "maildir-samples"].flatMap { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name + ".jsonl"), encoding: .utf8)
            return try text.split(separator: "\n").map { try JSONValue.parse($0) }
        }
    }

    static func knownDifferences() throws -> KnownDifferences {
        let url = try fixtures.appendingPathComponent("oracle/known-differences.json")
        return try JSONDecoder().decode(KnownDifferences.self, from: Data(contentsOf: url))
    }

    /// Where a file named in the oracle's answers lives now.
    static func location(of file: String) throws -> URL {
        file.hasPrefix("maildir-samples/")
            ? repository.appendingPathComponent(file) : try fixtures.appendingPathComponent(file)
    }

    /// What both sides are compared on: line ends unified in bodies (Python keeps CRLF, LeadMail gives "\n");
    /// attachment sizes only for binary types (the oracle's size of a text/* or message/* part is its length
    /// in characters or in header fields, not in bytes).
    static func normalized(_ value: JSONValue, field: String) -> JSONValue {
        switch (field, value) {
        case ("text", .string(let text)), ("html", .string(let text)):
            let unified = text.replacingOccurrences(of: "\r\n", with: "\n")
            return .string(unified.replacingOccurrences(of: "\r", with: "\n"))
        case ("attachments", .array(let items)):
            return .array(
                items.map { item in
                    guard case .object(var members) = item, let type = members["type"]?.string,
                        ["text/", "message/", "multipart/"].contains(where: type.hasPrefix)
                    else { return item }
                    members["size"] = .null
                    return .object(members)
                })
        default:
            return value
        }
    }

    @Test("Every field agrees with Python's email package except the documented known differences")
    func agreement() throws {
        let answers = try Self.oracleAnswers()
        let known = try Self.knownDifferences()
        let listed = Set(known.differences.map { "\($0.file) \($0.field)" })
        for difference in known.differences {
            #expect(known.reasons[difference.kind] != nil, "\(difference.file): no reason text for \(difference.kind)")
        }
        var compared = 0
        var agreeing = 0
        var differing: Set<String> = []
        for answer in answers {
            let file = try #require(answer["file"].string)
            let bytes = try [UInt8](Data(contentsOf: Self.location(of: file)))
            let reading: JSONValue
            do {
                let message = try MessageParser().parse(bytes)
                reading = try JSONValue.parse(try MessageReading(message, file: file).jsonLine())
            } catch let error as MessageParseError {
                compared += Self.fields.count
                differing.insert("\(file) *")
                #expect(listed.contains("\(file) *"), "\(file): LeadMail refused it (\(error)), Python read it")
                continue
            }
            for field in Self.fields {
                compared += 1
                let expected = Self.normalized(answer[field], field: field)
                let actual = Self.normalized(reading[field], field: field)
                if expected == actual {
                    agreeing += 1
                    continue
                }
                differing.insert("\(file) \(field)")
                #expect(
                    listed.contains("\(file) \(field)"),
                    "\(file) \(field): Python \(expected), LeadMail \(actual)")
            }
        }
        let stale = listed.subtracting(differing)
        #expect(stale.isEmpty, "known differences that no longer differ (remove them): \(stale.sorted())")
        let percent = Double(agreeing) / Double(max(compared, 1)) * 100
        print(
            "Oracle agreement: \(agreeing)/\(compared) fields agree (\(String(format: "%.1f", percent))%) "
                + "over \(answers.count) messages; the other \(compared - agreeing) are the \(differing.count) known "
                + "differences")
        #expect(answers.count >= 48 + 60 + 33)
    }

    @Test("The project's own fixtures number at least 60 and each has an oracle answer")
    func fixtureCount() throws {
        let names = try Fixture.allNames()
        #expect(names.count >= 60)
        let answered = Set(try Self.oracleAnswers().compactMap { $0["file"].string })
        for name in names { #expect(answered.contains(name + ".eml"), "run oracle/make-oracle.sh for \(name)") }
    }
}
