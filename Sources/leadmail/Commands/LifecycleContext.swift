import ArgumentParser
import Foundation
import Intake
import LeadStore
import Leads

/// What the lifecycle commands work with: the configuration, the store, the rules and the time.
struct LifecycleContext {
    let configuration: LeadMailConfiguration
    let store: SQLiteLeadStore
    let workflow: LeadWorkflow
    let now: Date

    init(_ options: ConfigOptions) throws {
        configuration = try options.load()
        store = try openStore(options)
        workflow = LeadWorkflow(configuration: configuration, store: store, logger: options.logger())
        do {
            now = try LeadMailClock.fromEnvironment()()
        } catch {
            throw CommandFailure(error.description)
        }
    }

    var calendar: WorkingCalendar { configuration.lifecycle.calendar }
    var today: String { calendar.day(of: now) }

    /// The lead, or a message saying how to find the right number.
    func lead(_ text: String) throws -> Lead {
        let id = try LeadNumber.parse(text)
        guard let lead = try store.lead(id: id) else {
            throw CommandFailure(LifecycleError.unknownLead(id).description)
        }
        return lead
    }

    /// Runs a lifecycle action, turning its typed error into the message for the user.
    @discardableResult
    func perform<T>(_ action: () throws -> T) throws -> T {
        do {
            return try action()
        } catch let error as LifecycleError {
            throw CommandFailure(error.description)
        }
    }

    /// `2026-12-01`, or `+3` for three working days from today.
    func day(_ text: String) throws -> String {
        if text.hasPrefix("+"), let count = Int(text.dropFirst()), count >= 0 {
            return calendar.adding(workingDays: count, to: today)
        }
        if text == "today" { return today }
        guard calendar.date(of: text) != nil else { throw CommandFailure(LifecycleError.badDay(text).description) }
        return text
    }
}

/// `17` or `L17`.
enum LeadNumber {
    static func parse(_ text: String) throws -> Int64 {
        guard let number = Int64(text.hasPrefix("L") || text.hasPrefix("l") ? String(text.dropFirst()) : text) else {
            throw ValidationError("'\(text)' is not a lead number; use the number shown by `leadmail leads list`")
        }
        return number
    }
}

/// `--by`: who makes the change, for the lead's log.
struct ActorOptions: ParsableArguments {
    @Option(help: "Who makes the change, for the lead's log (default: $USER).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}

extension LeadRating: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension FollowUpTask.Kind: ExpressibleByArgument {}
