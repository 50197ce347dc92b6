import ArgumentParser
import Foundation
import Intake
import LeadDesk
import Leads

/// What the lead commands work with: the configuration, the store, and the core (`LeadDesk`) they call.
struct LifecycleContext {
    let configuration: LeadMailConfiguration
    let store: any StoreFactory.Store
    let workflow: LeadWorkflow
    let desk: LeadDesk
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
        let now = now
        desk = LeadDesk(configuration: configuration, store: store, logger: options.logger(), clock: { now })
    }

    var calendar: WorkingCalendar { configuration.lifecycle.calendar }
    var today: String { calendar.day(of: now) }

    /// The context and the user a lead command acts as: what nearly every command starts with.
    static func acting(_ options: ConfigOptions, _ actor: ActorOptions) async throws -> (LifecycleContext, User) {
        let context = try LifecycleContext(options)
        return (context, try await context.actor(actor))
    }

    /// The user this command acts as (`--as`, or the login), with the core's errors as messages.
    func actor(_ options: ActorOptions) async throws -> User {
        try await perform { try await desk.actor(as: options.as, login: options.by) }
    }

    /// The lead's number from `17` or `L17`.
    func leadID(_ text: String) throws -> Int64 { try LeadNumber.parse(text) }

    /// Runs a core action, turning its typed error into the message for the user.
    @discardableResult
    func perform<T>(_ action: () async throws -> T) async throws -> T {
        do {
            return try await action()
        } catch let error as LifecycleError {
            throw CommandFailure(error.commandLineDescription)
        } catch let error as PermissionDenied {
            throw CommandFailure(error.description)
        } catch let error as AccountError {
            throw CommandFailure(error.description)
        } catch let error as UserStoreError {
            throw CommandFailure(error.description)
        } catch let error as LetterError {
            throw CommandFailure(error.description)
        }
    }

    /// `2026-12-01`, or `+3` for three working days from today.
    func day(_ text: String) throws -> String {
        do {
            return try desk.day(text)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// `17` or `L17`.
enum LeadNumber {
    /// - Throws: a `ValidationError` (ArgumentParser prints it with the subcommand's usage when it comes from a
    ///   command's `validate()`).
    static func parse(_ text: String) throws -> Int64 {
        guard let number = Int64(text.hasPrefix("L") || text.hasPrefix("l") ? String(text.dropFirst()) : text),
            number > 0
        else {
            throw ValidationError(
                "'\(text)' is not a lead number; give it as 17 or L17, as `leadmail leads list` shows it")
        }
        return number
    }
}

/// Who acts: a user by address (`--as`), else the login mapped to a user. With no users set up, the login
/// (or `--by`) names an implicit administrator in the log.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Act as this user (their address); default: the user of your login.")
    var `as`: String?

    @Option(
        name: .customLong("by"), help: "With no users set up: the name the lead's log records (default: your login).")
    var byName: String?

    /// The login the command runs under, which names the implicit administrator and maps to a user.
    var by: String { byName ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown" }
}

extension LeadRating: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension FollowUpTask.Kind: ExpressibleByArgument {}
