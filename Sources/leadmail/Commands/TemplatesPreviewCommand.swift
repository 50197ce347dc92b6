import ArgumentParser
import Foundation
import Intake
import Leads

/// `leadmail templates preview NAME (--lead ID | --message FILE) [--html FILE] [--raw]`: the reply as its reader
/// sees it, or its exact bytes.
struct TemplatesPreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the message a template would send, as its reader sees it (--raw: its exact bytes).",
        discussion: """
            NAME is a template (web-form, web-form.de, notifications/new-lead) or 'auto' for the one the rules \
            would choose. The values come from a recorded lead (--lead: its owner named, a notification addressed \
            to the owner) or a saved email (--message).
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The template to preview, or 'auto'.") var name: String
    @OptionGroup var actor: ActorOptions
    @Option(help: "A recorded lead, e.g. 17 or L17.") var lead: String?
    @Option(help: "A saved email (.eml or a maildir file), as if it had just arrived.") var message: String?
    @Option(help: "Also write the HTML part to this file, to open in a browser.") var html: String?
    @Flag(help: "Print the message's exact bytes (headers, transfer encoding) instead.") var raw = false

    func validate() throws {
        guard (lead == nil) != (message == nil) else {
            throw ValidationError("Give either --lead ID or --message FILE.")
        }
    }

    func run() async throws {
        let previewer = try makePreviewer(options)
        let template = name == "auto" ? nil : name
        let preview: ReplyPreview
        do {
            if let message {
                preview = try previewer.preview(message: try readMessageFile(message), template: template)
            } else {
                let (lead, log, owner) = try await loadLead()
                preview = try previewer.preview(lead: lead, communications: log, template: template, owner: owner)
            }
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("\(error)")
        }
        guard let bytes = preview.message else {
            throw CommandFailure(preview.explanation)
        }
        if raw {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            print(preview.readable ?? String(decoding: bytes, as: UTF8.self), terminator: "")
            if let part = preview.html, html == nil { print("\n--- HTML ---\n" + part, terminator: "") }
        }
        if let html {
            guard let part = preview.html else {
                throw CommandFailure(
                    "\(preview.choice?.template.name ?? name) has no HTML version, so \(html) "
                        + "was not written.")
            }
            do {
                try part.write(toFile: html, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("Cannot write \(html): \(error.localizedDescription)")
            }
        }
    }

    private func loadLead() async throws -> (Lead, [Communication], SalesPerson?) {
        let (context, user) = try await LifecycleContext.acting(options, actor)
        let leadID = try LeadNumber.parse(lead ?? "")
        let detail = try await context.perform { try await context.desk.lead(leadID, by: user) }
        let owner = detail.lifecycle.owner.map { address in
            context.configuration.lifecycle.assigner.person(named: address)
                ?? SalesPerson(name: address, email: address)
        }
        return (detail.lead, detail.communications, owner)
    }
}
