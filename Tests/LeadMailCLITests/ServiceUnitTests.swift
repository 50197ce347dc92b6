import Foundation
import TestSupport
import Testing

@Suite("contrib/leadmail.service is hardened")
struct ServiceUnitTests {
    @Test("systemd-analyze security rates the example unit OK (exposure under 2.0)")
    func exposure() async throws {
        let analyze = "/usr/bin/systemd-analyze"
        try #require(
            FileManager.default.isExecutableFile(atPath: analyze),
            "systemd-analyze is missing: `make test-deps` installs systemd")
        let result = try await LeadMailBinary.runExecutable(
            analyze, ["security", "--offline=yes", RepositoryPaths.root + "/contrib/leadmail.service"])
        let output = result.stdout + result.stderr
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let level = try #require(number, "\(line)")
        #expect(level < 2.0, "\(line)")
    }
}
