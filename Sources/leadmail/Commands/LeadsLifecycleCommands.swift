import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// `leads status`, `note`, `remind`, `tag`, `rate`: what people record about a lead, each a logged entry.
extension LeadsCommand {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Move a lead on: new → contacted → qualified → converted, or rejected / nurture.",
            discussion: """
                converted needs --value (and usually --close-date); rejected needs --reason from \
                lifecycle.rejectionReasons; nurture needs --until, the day to come back to the lead \
                (a reminder: the owner's task that day).
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number, e.g. 17 or L17.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "new, contacted, qualified, converted, rejected or nurture.") var status: LeadStatus
        @Option(help: "Why it is rejected (one of lifecycle.rejectionReasons).") var reason: String?
        @Option(help: "The opportunity's value, when converted.") var value: Double?
        @Option(name: .customLong("close-date"), help: "The opportunity's expected close date, YYYY-MM-DD.")
        var closeDate: String?
        @Option(help: "For nurture: the day to come back, YYYY-MM-DD.") var until: String?

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let change = StatusChange(
                status: status, reason: reason, value: value, closeDate: try closeDate.map(context.day),
                until: try until.map(context.day))
            let before = try await context.perform { try await context.desk.changeStatus(leadID, to: change, by: user) }
            print("L\(leadID): \(change.describe(from: before))")
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Add a note to a lead's log, e.g. \"Spoke to Mr XYZ, contact in June\".")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "The note.") var text: String
        @Flag(help: "It was a call: counts as human contact and completes the follow-up.") var call = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            try await context.perform { try await context.desk.addNote(leadID, text: text, isCall: call, by: user) }
            print("L\(leadID): noted.")
        }
    }

    struct Remind: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind",
            abstract: "Set the day to be reminded of a lead: on that day `run` makes it the owner's task "
                + "(due list, digest).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "YYYY-MM-DD, or +N working days from today.") var date: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let day = try context.day(date)
            try await context.perform { try await context.desk.remind(leadID, on: day, by: user) }
            print("L\(leadID): reminder on \(day).")
        }
    }

    struct Tag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag",
            abstract: "Tag a lead with segments (e.g. \"interested but not now\"), for list filters and reports.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "One or more tags.") var tags: [String]

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let all = try await context.perform { try await context.desk.tag(leadID, with: tags, by: user) }
            print("L\(leadID): tags \(all.joined(separator: ", ")).")
        }
    }

    struct Rate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rate",
            abstract: "Rate a lead: A large project, B small project, C no active project (keep in touch), D none.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "A, B, C or D.") var rating: LeadRating

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            try await context.perform { try await context.desk.rate(leadID, rating, by: user) }
            print("L\(leadID): rated \(rating.rawValue) (\(rating.meaning)).")
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain", abstract: "Show how a lead's score was made.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let (lead, breakdown) = try await context.perform {
                try await context.desk.explainScore(leadID, by: user)
            }
            print("Score of \(lead.number) (\(lead.name ?? lead.email)):")
            print(breakdown.text)
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Hand a lead to someone: its open tasks move with it and the new owner is told by email.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "A team member's address or name (from `teams`).") var person: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let owner = try await context.perform { try await context.desk.assign(leadID, to: person, by: user) }
            print("L\(leadID): now with \(owner.name) <\(owner.email)>.")
        }
    }

    struct Untag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "untag", abstract: "Take tags off a lead (in any case).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Argument(help: "One or more tags.") var tags: [String]

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let left = try await context.perform { try await context.desk.untag(leadID, tags, by: user) }
            print("L\(leadID): tags \(left.isEmpty ? "none" : left.joined(separator: ", ")).")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a lead with its whole log, tasks and unsent replies (needs the delete right).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Flag(help: "Confirm: the lead and its log cannot be brought back.") var yes = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            guard yes else {
                throw CommandFailure("Deleting L\(leadID) removes it and its whole log for good; add --yes to confirm.")
            }
            let gone = try await context.perform { try await context.desk.delete(leadID, by: user) }
            print("\(gone.number) (\(gone.email)) deleted.")
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct a lead's contact details: name, phone, company (an empty value clears one).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Option(help: "The contact's name.") var name: String?
        @Option(help: "The contact's phone number.") var phone: String?
        @Option(help: "The contact's company.") var company: String?

        func run() async throws {
            guard name != nil || phone != nil || company != nil else {
                throw ValidationError("Give at least one of --name, --phone, --company.")
            }
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            try await context.perform {
                try await context.desk.editContact(
                    leadID, .init(name: name, phone: phone, company: company), by: user)
            }
            print("L\(leadID): contact details saved.")
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Take a rejected lead back into work: new again, with a follow-up and why in the log.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Option(help: "Why it is reopened, for the log.") var reason: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            try await context.perform { try await context.desk.reopen(leadID, reason: reason, by: user) }
            print("L\(leadID): reopened (new).")
        }
    }

    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Write an email to a lead: sent through the outbox from the sales address with your name, "
                + "logged on the lead.",
            discussion: "The text is --text, or read from standard input. --preview prints the message instead.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The lead's number.") var id: String

        func validate() throws { _ = try LeadNumber.parse(id) }
        @Option(help: "The subject.") var subject: String
        @Option(help: "The text; standard input when not given.") var text: String?
        @Flag(help: "Print the message as it would be sent, and send nothing.") var preview = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let leadID = try context.leadID(id)
            let body = try text ?? String(decoding: FileHandle.standardInput.readToEnd() ?? Data(), as: UTF8.self)
            let letter = Letter(subject: subject, text: body)
            if preview {
                let mail = try await context.perform { try await context.desk.preview(letter, to: leadID, by: user) }
                FileHandle.standardOutput.write(Data(mail.raw))
                return
            }
            let queued = try await context.perform { try await context.desk.write(letter, to: leadID, by: user) }
            print("L\(leadID): letter to \(queued.mail.to) queued (outbox \(queued.id)); `leadmail run` sends it.")
        }
    }
}
