import ArgumentParser
import Foundation
import Leads

/// `leadmail outbox`: what is waiting to be sent, or failed.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List replies that wait to be sent or failed."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let store = try openStore(options)
        let items = try store.pendingOutbox()
        guard !items.isEmpty else {
            print("The outbox is empty: every reply has been sent.")
            return
        }
        let rows = items.map { item in
            [
                "\(item.id)", "L\(item.leadID)", item.state.rawValue, "\(item.attempts)",
                LeadTable.timestamp(item.nextAttemptAt), item.mail.recipients.joined(separator: ","),
                item.lastError ?? "",
            ]
        }
        print(LeadTable.table([["ID", "LEAD", "STATE", "ATTEMPTS", "NEXT", "TO", "LAST ERROR"]] + rows, maxWidth: 60))
    }
}
