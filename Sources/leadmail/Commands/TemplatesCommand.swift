import ArgumentParser
import Foundation
import Intake
import Templates

/// `leadmail templates …`: for marketing, who edit the reply templates.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Check the reply templates.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every template; print each mistake as file:line: message and exit 1 if any.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let configuration = try options.load()
            do {
                let library = try TemplateLibrary.load(directory: configuration.templates)
                print("\(library.templates.count) templates in \(configuration.templates): all good.")
            } catch {
                for problem in error.problems { print(problem.description) }
                print("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; "
                    + "fix them and run `leadmail templates check` again.")
                throw ExitCode(1)
            }
        }
    }
}
