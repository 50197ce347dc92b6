import ArgumentParser
import Foundation
import Intake
import LeadStore
import Leads

/// `leadmail leads …`: look at the captured leads and their communications.
struct LeadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leads",
        abstract: "List and show leads.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List leads, newest first.")

        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON (the stable interface documented in docs/JSON.md).") var json = false
        @Option(help: "Only leads with this status.") var status: LeadStatus?
        @Option(help: "Only leads from this source.") var source: String?
        @Option(help: "Only leads of this campaign.") var campaign: String?
        @Option(help: "At most this many leads (default: all).") var limit: Int?

        func run() async throws {
            let store = try openStore(options)
            let leads = try store.leads(
                LeadQuery(status: status, source: source, campaign: campaign, limit: limit))
            if json {
                print(try LeadJSON.prettyPrinted(leads.map(LeadJSON.init)))
            } else {
                print(LeadTable.render(leads))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one lead with its communications log.")

        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON (the stable interface documented in docs/JSON.md).") var json = false
        @Argument(help: "The lead's number, e.g. 17 or L17.") var id: String

        func run() async throws {
            let store = try openStore(options)
            guard let number = Int64(id.hasPrefix("L") || id.hasPrefix("l") ? String(id.dropFirst()) : id) else {
                throw ValidationError("'\(id)' is not a lead number; use the number shown by `leadmail leads list`")
            }
            guard let lead = try store.lead(id: number) else {
                throw CommandFailure("There is no lead L\(number); `leadmail leads list` shows the leads there are.")
            }
            let log = try store.communications(leadID: number)
            if json {
                var object = LeadJSON(lead)
                object.communications = log.map(CommunicationJSON.init)
                print(try LeadJSON.prettyPrinted(object))
            } else {
                print(LeadTable.detail(lead, log: log))
            }
        }
    }
}

extension LeadStatus: ExpressibleByArgument {}

func openStore(_ options: ConfigOptions) throws -> SQLiteLeadStore {
    let configuration = try options.load()
    do {
        return try SQLiteLeadStore(path: configuration.store)
    } catch {
        throw CommandFailure(error.description)
    }
}
