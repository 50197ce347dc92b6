import ArgumentParser
import Foundation
import Intake
import Logging

/// The options every subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "leadmail.yml"

    @Flag(name: .long, help: "Log every message handled, not only problems.")
    var verbose = false

    /// The configuration, or an error that lists every problem with its key and line.
    func load() throws -> LeadMailConfiguration {
        do {
            return try ConfigurationLoader().load(path: config)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    func logger(_ label: String = "leadmail") -> Logger {
        LoggingBootstrap.once()
        var logger = Logger(label: label)
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}

/// A failure whose message is already written for the user; printed as it is, exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// swift-log set up once per process: human lines on stderr.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false

    /// - Parameter jsonUnlessTerminal: JSON lines (`JSONLineLogHandler`) when stderr is not a terminal, as
    ///   `leadmail run` wants under systemd; human lines otherwise.
    static func once(jsonUnlessTerminal: Bool = false) {
        guard !done else { return }
        done = true
        if jsonUnlessTerminal && isatty(STDERR_FILENO) == 0 {
            LoggingSystem.bootstrap { label in JSONLineLogHandler(label: label) }
            return
        }
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }
}
