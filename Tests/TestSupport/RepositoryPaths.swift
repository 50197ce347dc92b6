import Foundation

/// Where the repository's own files are, for tests that use the shipped templates, samples and fixtures.
/// Found from this file's path, so it works from any working directory and in a fresh clone.
public enum RepositoryPaths {
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    public static var templates: String { root + "/templates" }
    public static var samples: String { root + "/maildir-samples" }
    public static var fixtures: String { root + "/Tests/Fixtures" }

    /// The `leadmail` executable built beside the test bundle.
    public static var leadmailBinary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("leadmail").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root + "/.build/debug/leadmail"
    }
}

/// One entry of Tests/Fixtures/samples-expected.json: what LeadMail should make of a file in maildir-samples/.
public struct SampleExpectation: Decodable, Sendable {
    public var file: String
    /// lead, attached, duplicate, ignored or quarantined.
    public var outcome: String
    public var email: String?
    public var name: String?
    public var phone: String?
    public var company: String?
    public var source: String?
    public var campaign: String?
    public var reply: Bool
    public var why: String

    public static func all() throws -> [SampleExpectation] {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixtures + "/samples-expected.json"))
        return try JSONDecoder().decode([SampleExpectation].self, from: data)
    }
}
