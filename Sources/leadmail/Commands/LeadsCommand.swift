import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// `leadmail leads …`: look at the captured leads and their communications.
struct LeadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leads",
        abstract: "List, show and work leads: status, notes, tasks, owners, scores, import and export.",
        subcommands: [
            List.self, Show.self, Status.self, Note.self, Remind.self, Tag.self, Untag.self, Rate.self, Explain.self,
            Assign.self, AddTask.self, Done.self, Due.self, Export.self, Import.self, Duplicates.self, Merge.self,
            Delete.self, Edit.self, Reopen.self, Write.self,
        ]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List leads, highest score first.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Flag(help: "Print JSON (the stable interface documented in docs/JSON.md).") var json = false
        @Option(help: "Only leads with this status.") var status: LeadStatus?
        @Option(help: "Only leads from this source.") var source: String?
        @Option(help: "Only leads of this campaign.") var campaign: String?
        @Option(help: "At most this many leads (default: all).") var limit: Int?
        @Option(help: "Only this owner's leads (address or name from `teams`).") var owner: String?
        @Option(help: "Only leads rated A, B, C or D.") var rating: LeadRating?
        @Option(help: "Only leads with this tag.") var tag: String?
        @Option(help: "Only leads created on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Only leads created on or before this day (YYYY-MM-DD).") var to: String?
        @Option(name: .customLong("search"), help: "Words in name, company, email or enquiry (prefix*).")
        var text: String?
        @Option(help: "score (default) or newest.") var sort: LeadSearch.Order = .score

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let range = try DayRange(from: from, to: to, calendar: context.calendar)
            let who = owner.map { context.configuration.lifecycle.assigner.person(named: $0)?.email ?? $0 }
            let search = LeadSearch(
                status: status, source: source, campaign: campaign, owner: who, rating: rating, tag: tag,
                from: range.start, until: range.end, text: text, order: sort, limit: limit)
            let leads = try await context.perform { try await context.desk.leads(search, by: user) }
            if json {
                let country = context.configuration.intake.defaultCountry
                print(try LeadJSON.prettyPrinted(leads.map { LeadJSON($0, defaultCountry: country) }))
            } else {
                print(LeadTable.render(leads))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one lead with its communications log.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Flag(help: "Print JSON (the stable interface documented in docs/JSON.md).") var json = false
        @Argument(help: "The lead's number, e.g. 17 or L17.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let detail = try await context.perform { try await context.desk.lead(try context.leadID(id), by: user) }
            let (lead, lifecycle, log) = (detail.lead, detail.lifecycle, detail.communications)
            let (tasks, events, today) = (detail.tasks, detail.events, context.today)
            if json {
                var object = LeadJSON(
                    LeadListing(lead: lead, lifecycle: lifecycle),
                    defaultCountry: context.configuration.intake.defaultCountry)
                object.communications = log.map(CommunicationJSON.init)
                object.events = events.map(EventJSON.init)
                object.tasks = tasks.map { TaskJSON($0, lead: nil, today: today) }
                print(try LeadJSON.prettyPrinted(object))
            } else {
                print(LeadTable.detail(lead, log: log))
                print(LeadTable.lifecycle(lifecycle, tasks: tasks, events: events))
            }
        }
    }
}

extension LeadStatus: ExpressibleByArgument {}
extension LeadSearch.Order: ExpressibleByArgument {}

func openStore(_ options: ConfigOptions) throws -> any StoreFactory.Store {
    let configuration = try options.load()
    do {
        return try StoreFactory.open(configuration.store)
    } catch {
        throw CommandFailure("\(error)")
    }
}
