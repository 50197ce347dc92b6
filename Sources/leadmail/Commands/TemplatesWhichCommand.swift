import ArgumentParser
import Foundation
import Intake

/// `leadmail templates which --message FILE`: which template an email would get, and why.
struct TemplatesWhichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "which",
        abstract: "Show which template an email would get and why (source, campaign, language).")

    @OptionGroup var options: ConfigOptions
    @Option(help: "A saved email (.eml or a maildir file).") var message: String

    func run() async throws {
        let previewer = try makePreviewer(options)
        let preview: ReplyPreview
        do {
            preview = try previewer.preview(message: try readMessageFile(message))
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("\(message) cannot be read as an email: \(error)")
        }
        print(preview.explanation)
    }
}
