import ArgumentParser
import Foundation
import Intake
import Templates

/// `leadmail templates …`: for marketing, who edit the reply templates.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Check the reply templates, see which one an email gets, and preview the exact reply.",
        subcommands: [Check.self, TemplatesWhichCommand.self, TemplatesPreviewCommand.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check every template; print each mistake as file:line:column: message and exit 1 if any.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let configuration = try options.load()
            do {
                let library = try TemplateLibrary.load(directory: configuration.templates)
                let offered = library.languages.joined(separator: ", ")
                let languages = offered.isEmpty ? "" : " (languages: \(offered))"
                // Imports have the source `import` unless their file or --source says otherwise.
                let sources = Set(configuration.sources.map(\.name) + [configuration.defaultSource, "import"])
                let warnings = TemplateWarnings.check(
                    library, sources: sources, campaigns: Set(configuration.sources.compactMap(\.campaign)))
                for warning in warnings { print("\(warning.description) (warning)") }
                let verdict = warnings.isEmpty ? "all good" : "no errors, \(counted(warnings.count, "warning"))"
                print(
                    "\(library.templates.count) templates and \(library.notifications.count) notifications in "
                        + "\(configuration.templates)\(languages): \(verdict).")
            } catch {
                print(Self.report(error))
                throw ExitCode(1)
            }
        }

        /// Every problem on its own line, then how many.
        static func report(_ error: TemplateLibraryError) -> String {
            let lines = error.problems.map(\.description)
            let count =
                "\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s") found; "
                + "fix them and run `leadmail templates check` again."
            return (lines + [count]).joined(separator: "\n")
        }
    }
}

/// The templates of a configuration, loaded for a preview; their problems end the command with exit code 1.
func makePreviewer(_ options: ConfigOptions) throws -> ReplyPreviewer {
    let configuration = try options.load()
    do {
        return try ReplyPreviewer(configuration: configuration)
    } catch {
        FileHandle.standardError.write(Data((TemplatesCommand.Check.report(error) + "\n").utf8))
        throw ExitCode(1)
    }
}

/// The bytes of a message file given on the command line, read the way intake reads one (a regular file, a FIFO
/// or a device refused rather than waited on or read without end).
func readMessageFile(_ path: String) throws -> [UInt8] {
    do {
        return try MessageFile.read(atPath: path)
    } catch {
        throw CommandFailure("Cannot read \(path) (\(error)); give the path of a saved email (.eml) or a maildir file.")
    }
}
