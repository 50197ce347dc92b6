import ArgumentParser
import Foundation
import LeadDesk
import Leads

/// `leadmail outbox`: what is waiting to be sent or failed, and the operator's levers on it.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List replies that wait to be sent or failed; retry, cancel or inspect one.",
        subcommands: [List.self, Retry.self, Cancel.self, Show.self],
        defaultSubcommand: List.self
    )

    /// `leadmail outbox [list]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Replies waiting, being sent, or failed (with why), and the relay's last answer.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Flag(help: "Also list what has been sent, with its subject.") var all = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let entries = try await context.perform { try await context.desk.outbox(includeSent: all, by: user) }
            guard !entries.isEmpty else {
                print(all ? "Nothing has been sent or queued yet." : "The outbox is empty: every reply has been sent.")
                return
            }
            let rows = entries.map { entry in
                let item = entry.item
                return [
                    "\(item.id)", "L\(item.leadID)", OutboxCommand.state(of: entry), "\(item.attempts)",
                    LeadTable.timestamp(item.sentAt ?? item.nextAttemptAt), item.mail.recipients.joined(separator: ","),
                    all ? item.mail.subject : item.lastError ?? "",
                ]
            }
            let last = all ? "SUBJECT" : "LAST ERROR"
            print(LeadTable.table([["ID", "LEAD", "STATE", "ATTEMPTS", "WHEN", "TO", last]] + rows))
        }
    }

    /// `leadmail outbox retry ID [--confirm] | --all`
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Queue a failed or waiting reply again, due now (or every failed one with --all).",
            discussion: """
                --all takes the replies that failed in delivery (rejected, expired). A reply that was cancelled, \
                suppressed by the per-recipient limit, bounced or held for an undeliverable address, or that the \
                relay may already have (uncertain), goes again only by its ID with --confirm.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The outbox row (the ID column of `leadmail outbox`).") var id: Int64?
        @Flag(help: "Queue every reply that failed in delivery (rejected or expired) again.") var all = false
        @Flag(help: "Send a cancelled, suppressed, uncertain, bounced or undeliverable reply again (with its ID).")
        var confirm = false

        func validate() throws {
            guard (id == nil) != !all else {
                throw ValidationError("Give one outbox ID, or --all for every failed reply (not both).")
            }
            if all && confirm {
                throw ValidationError("--confirm goes with one outbox ID: look at each such reply before sending it.")
            }
        }

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let count: Int
            switch try await context.perform({ try await context.desk.retryOutbox(id, confirmed: confirm, by: user) }) {
            case .requeued(let requeued):
                count = requeued
            case .needsConfirmation(let outcome):
                throw CommandFailure(
                    "Outbox row \(id ?? 0) is \(outcome.rawValue): \(Self.why(outcome)) "
                        + "`leadmail outbox show \(id ?? 0)` says more; to send it all the same: "
                        + "`leadmail outbox retry \(id ?? 0) --confirm`.")
            case .notWaiting:
                throw CommandFailure(
                    "Outbox row \(id ?? 0) is not waiting or failed (sent, being sent, or unknown); "
                        + "see `leadmail outbox`.")
            }
            let noun = count == 1 ? "reply" : "replies"
            print("\(count) \(noun) queued again; `leadmail run` sends \(count == 1 ? "it" : "them") on its next pass.")
        }

        static func why(_ outcome: OutboxOutcome) -> String {
            switch outcome {
            case .cancelled: "someone cancelled it."
            case .suppressed: "the address already had its automatic reply."
            case .uncertain: "the relay probably has it already; check the relay's log for its Message-ID."
            case .bounced: "it was sent and came back: the address does not take mail."
            case .undeliverable: "an earlier mail to the address bounced."
            case .rejected, .expired: "it failed in delivery."
            }
        }
    }

    /// `leadmail outbox cancel ID`
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Drop a reply that is not sent; the lead's log says it was cancelled.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The outbox row (the ID column of `leadmail outbox`).") var id: Int64

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            guard try await context.perform({ try await context.desk.cancelOutbox(id, by: user) }) else {
                throw CommandFailure(
                    "Outbox row \(id) cannot be cancelled: it is sent, being sent right now, already cancelled, or "
                        + "unknown; see `leadmail outbox`.")
            }
            print("Outbox row \(id) cancelled; it will not be sent.")
        }
    }

    /// `leadmail outbox show ID`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Every delivery attempt of one reply, with the relay's answer.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The outbox row (the ID column of `leadmail outbox`).") var id: Int64

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            guard let (entry, attempts) = try await context.perform({ try await context.desk.outboxRow(id, by: user) })
            else {
                throw CommandFailure("There is no outbox row \(id); `leadmail outbox` lists them.")
            }
            let item = entry.item
            print(
                "Outbox \(id) for L\(item.leadID): <\(item.mail.messageID)> to "
                    + "\(item.mail.recipients.joined(separator: ", ")), \(OutboxCommand.state(of: entry))")
            let rows = attempts.map { attempt in
                [LeadTable.timestamp(attempt.date), attempt.result, attempt.reply ?? "", attempt.process ?? ""]
            }
            print(
                rows.isEmpty
                    ? "No attempt yet."
                    : LeadTable.table([["DATE", "RESULT", "RELAY'S ANSWER", "PROCESS"]] + rows, width: nil))
        }
    }

    /// queued, sending (host:pid), sent, failed (rejected|expired|uncertain|cancelled|suppressed|bounced|undeliverable).
    static func state(of entry: OutboxEntry) -> String {
        if let holder = entry.claimedBy { return "sending (\(holder))" }
        if entry.item.state == .failed, let outcome = entry.outcome { return "failed (\(outcome.rawValue))" }
        return entry.item.state.rawValue
    }
}
