import Foundation
import Testing

@testable import MIME

/// Loads the realistic emails in Fixtures/ (copied into the test bundle as a resource folder).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures"),
            "fixture \(name).eml is missing from the test bundle"
        )
        return Array(try Data(contentsOf: url))
    }

    static func parse(_ name: String) throws -> Message {
        try MessageParser().parse(bytes(name))
    }

    /// Every fixture's name, for the tests that run over all of them.
    static func allNames() throws -> [String] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { $0.hasSuffix(".eml") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }
}

extension Message {
    /// UTC date components as "yyyy-MM-dd HH:mm:ss", so expectations read like the Date header.
    var utcDate: String? {
        guard let date else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!,
            parts.hour!, parts.minute!, parts.second!)
    }
}
