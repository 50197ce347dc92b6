import ArgumentParser
import Foundation
import Intake

/// `leadmail store`: the store itself, apart from its leads.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look after the store leadmail.yml names (a SQLite file or a PostgreSQL database).",
        subcommands: [Migrate.self, Copy.self]
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

    /// `leadmail store copy --to postgres://…`
    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy the SQLite store leadmail.yml names into an empty PostgreSQL database.",
            discussion: """
                Table by table, in chunks; run the same command again to resume a copy that stopped. Every \
                table's rows are counted on both sides at the end. Then set `store:` in leadmail.yml to the URL.
                """)

        @OptionGroup var options: ConfigOptions
        @Option(help: "The database: postgres://USER@HOST:PORT/DB (password from LEADMAIL_STORE_PASSWORD).")
        var to: String
        @Option(help: "Rows per transaction.") var chunk: Int = 1_000

        func run() async throws {
            let configuration = try options.load()
            let report: StoreCopy.Report
            do {
                report = try StoreCopy.copy(from: configuration.store, to: to, chunk: max(1, chunk)) { table, rows in
                    // Unbuffered: each line is out as soon as its chunk is committed.
                    FileHandle.standardOutput.write(Data("\(table): \(rows) rows copied\n".utf8))
                }
            } catch {
                throw CommandFailure("\(error)")
            }
            if report.resumed { print("Resumed a copy that had stopped.") }
            for count in report.tables {
                print("\(count.table): \(count.source) in SQLite, \(count.target) in PostgreSQL")
            }
            for table in report.skipped { print("\(table): not copied (PostgreSQL has no such table)") }
            print("Copied; the counts match. Set `store: \(to)` in leadmail.yml to use it.")
        }
    }
}
