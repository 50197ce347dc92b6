import ArgumentParser
import Foundation
import Intake

/// `leadmail quarantine list|retry`: the messages intake could not handle, and feeding them back once fixed (by
/// hand, or by an upgrade that reads them).
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List the messages intake could not handle, or give them back to intake.",
        subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The quarantined messages, oldest first, with why each is there.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let quarantine = QuarantineDesk(configuration: try options.load())
            let messages: [QuarantineDesk.Entry]
            do { messages = try quarantine.entries() } catch { throw CommandFailure("\(error)") }
            guard !messages.isEmpty else {
                print("The quarantine (\(quarantine.path)) is empty.")
                return
            }
            let rows = messages.map { [$0.name, $0.date ?? "", $0.reason ?? "(no reason note)"] }
            print(LeadTable.table([["NAME", "QUARANTINED", "REASON"]] + rows))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Give quarantined messages back to intake: each goes to the mailbox's new/, its reason is "
                + "removed, and `leadmail run` takes it (or `run --once`); one that still cannot be handled comes "
                + "back with a new reason.")

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The message's name, as `quarantine list` shows it.") var names: [String] = []
        @Flag(help: "Every quarantined message.") var all = false

        func validate() throws {
            guard all != !names.isEmpty else { throw ValidationError("Give message names or --all, not both.") }
        }

        func run() async throws {
            let quarantine = QuarantineDesk(configuration: try options.load())
            do {
                let chosen = all ? try quarantine.entries().map(\.name) : names
                for name in chosen {
                    let back = try quarantine.retry(name)
                    print("\(name): back in \(quarantine.inboxNew) as \(back)")
                }
                print("\(counted(chosen.count, "message")) given back to intake.")
            } catch {
                throw CommandFailure(
                    "\(error); `leadmail quarantine list` shows the names of quarantined messages")
            }
        }
    }
}
