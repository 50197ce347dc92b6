import ArgumentParser
import Foundation
import Intake
import MIME

/// `leadmail parse FILE…`: how LeadMail reads each message, as one JSON object per line.
///
/// The fields are those of the Python `email` oracle (`contrib/email-oracle.py`), so that a puzzling
/// email can be read by both and the two lines diffed (`jq -S`), field by field.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print LeadMail's reading of each message as one JSON line (the email oracle's field names).",
        discussion: """
            Folders are walked and their files read in sorted path order. A file that cannot be read or is \
            not a message prints {"file": …, "error": …}; the exit status is then 1.
            """
    )

    /// Accepted as by every subcommand; reading a message needs no configuration.
    @OptionGroup var options: ConfigOptions

    @Argument(help: "Message files (.eml, maildir files) and folders of them.")
    var paths: [String]

    func run() throws {
        var failures = 0
        for path in try Self.files(paths) {
            let line: String
            do {
                let bytes = try MessageFile.read(atPath: path)
                line = try MessageReading(try MessageParser().parse(bytes), file: path).jsonLine()
            } catch {
                failures += 1
                line = try Self.errorLine(file: path, error: error)
            }
            print(line)
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// The files named, with folders walked recursively; sorted, like the oracle.
    static func files(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandFailure("\(path) does not exist; give message files or folders of them.")
            }
            guard isFolder.boolValue else {
                result.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            for case let relative as String in manager.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
                var isSubfolder: ObjCBool = false
                let full = base + "/" + relative
                if manager.fileExists(atPath: full, isDirectory: &isSubfolder), !isSubfolder.boolValue {
                    result.append(full)
                }
            }
        }
        return result.sorted()
    }

    private static func errorLine(file: String, error: any Error) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(["file": file, "error": "\(error)"]), as: UTF8.self)
    }
}
