import Foundation

/// Every mistake found in leadmail.yml, each with its key and line, so that one run shows them all.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One mistake: where it is and what to write instead.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var key: String
        public var line: Int?
        public var message: String

        public init(key: String, line: Int?, message: String) {
            self.key = key
            self.line = line
            self.message = message
        }

        public var description: String {
            let place = line.map { ":\($0)" } ?? ""
            return "\(place.isEmpty ? "" : "line\(place): ")\(key): \(message)"
        }
    }

    public var file: String
    public var problems: [Problem]

    /// - Parameter problems: in any order; kept in the file's line order (those of no line, a key missing, last),
    ///   so that they read top to bottom beside the file.
    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems.enumerated()
            .sorted { ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset) }.map(\.element)
    }

    public var description: String {
        let lines = problems.map { problem in
            "\(file)\(problem.line.map { ":\($0)" } ?? ""): \(problem.key): \(problem.message)"
        }
        return "The configuration has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + lines.joined(separator: "\n")
    }
}
