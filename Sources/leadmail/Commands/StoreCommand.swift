import ArgumentParser
import Foundation
import Intake

/// `leadmail store`: the store itself, apart from its leads.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look after the store leadmail.yml names (a SQLite file or a PostgreSQL database).",
        subcommands: [Migrate.self]
    )

    /// `leadmail store migrate`
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Bring the store's schema up to date (also done whenever LeadMail opens it).")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let configuration = try options.load()
            let applied: [String]
            do {
                applied = try StoreFactory.migrate(configuration.store)
            } catch {
                throw CommandFailure("\(error)")
            }
            print(
                applied.isEmpty
                    ? "The store's schema is up to date."
                    : "Migrated: \(applied.joined(separator: ", ")).")
        }
    }
}
