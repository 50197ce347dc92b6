import ArgumentParser
import Foundation
import Leads

extension LeadsCommand {
    /// `leadmail leads duplicates`: leads that may be one person, for someone to decide.
    struct Duplicates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "duplicates",
            abstract: "List possible duplicates: the same name at the same company or company mail domain.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let pairs = try await context.perform { try await context.desk.possibleDuplicates(by: user) }
            guard !pairs.isEmpty else {
                print("No possible duplicates.")
                return
            }
            let rows = pairs.map { pair in
                [pair.first.number, pair.first.email, pair.second.number, pair.second.email, pair.reason]
            }
            print(LeadTable.table([["LEAD", "EMAIL", "LEAD", "EMAIL", "WHY"]] + rows))
            print("Merge a pair with `leadmail leads merge KEEP OTHER`.")
        }
    }

    /// `leadmail leads merge A B`: B's whole history moves to A, and B is gone.
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge lead B into lead A, keeping the whole communications and work log of both.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead to keep.") var keep: String
        @Argument(help: "The lead to merge into it.") var other: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let (kept, merged) = (try context.leadID(keep), try context.leadID(other))
            try await context.perform { try await context.desk.merge(merged, into: kept, by: user) }
            let entries = try await context.perform { try await context.desk.lead(kept, by: user) }.communications.count
            print("L\(merged) merged into L\(kept): \(entries) messages in its log.")
        }
    }
}
