import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// `leads task`, `done`, `due`: follow-up work with working-day due dates.
extension LeadsCommand {
    struct AddTask: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "task", abstract: "Add a task to a lead: call, email, direct-mail or meeting, due on a day.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "call, email, direct-mail or meeting.") var kind: FollowUpTask.Kind
        @Argument(help: "YYYY-MM-DD, or +N working days from today (weekends and holidays skipped).") var due: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let day = try context.day(due)
            let task = try await context.perform {
                try await context.desk.addTask(leadID, kind: kind, due: day, by: user)
            }
            let warning = context.calendar.isWorkingDay(day) ? "" : " (not a working day)"
            print("Task \(task.id) on L\(leadID): \(kind.rawValue) due \(day)\(warning).")
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a task done (a call or meeting also completes the lead's follow-up).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The task's number, from `leadmail leads due`.") var task: Int64
        @Option(help: "What came of it, for the lead's log.") var note: String?
        @Flag(help: "Open the task again instead (a call that reached nobody after all).") var reopen = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            if reopen {
                try await context.perform { try await context.desk.reopenTask(task, note: note, by: user) }
                print("Task \(task) is open again.")
                return
            }
            let done = try await context.perform { try await context.desk.completeTask(task, note: note, by: user) }
            print("Task \(done.id) on L\(done.leadID) done.")
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "The daily work list: open tasks due today or earlier, and reminders, overdue first.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "Only this owner's (address or name from `teams`).") var owner: String?
        @Flag(help: "Also tasks due later.") var all = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let who = owner.map { context.configuration.lifecycle.assigner.person(named: $0)?.email ?? $0 }
            let work = try await context.perform {
                try await context.desk.workList(owner: who, includeLater: all, by: user)
            }
            let (tasks, reminders, leads) = (work.tasks, work.reminders, work.leads)
            if json {
                let items = tasks.map { TaskJSON($0, lead: leads[$0.leadID], today: context.today) }
                print(try LeadJSON.prettyPrinted(items))
                return
            }
            guard !tasks.isEmpty || !reminders.isEmpty else {
                print("Nothing due\(who.map { " for \($0)" } ?? "").")
                return
            }
            var rows = [["TASK", "LEAD", "KIND", "DUE", "", "OWNER", "NAME", "PHONE", "EMAIL"]]
            for task in tasks {
                let lead = leads[task.leadID]
                rows.append([
                    "\(task.id)", "L\(task.leadID)", task.kind.rawValue, task.due,
                    task.due < context.today ? "OVERDUE" : "", task.owner ?? "", lead?.name ?? "", lead?.phone ?? "",
                    lead?.email ?? "",
                ])
            }
            for listing in reminders {
                rows.append([
                    "-", listing.lead.number, "reminder", listing.lifecycle.remindOn ?? "", "",
                    listing.lifecycle.owner ?? "", listing.lead.name ?? "", listing.lead.phone ?? "",
                    listing.lead.email,
                ])
            }
            print(LeadTable.table(rows))
        }
    }
}
