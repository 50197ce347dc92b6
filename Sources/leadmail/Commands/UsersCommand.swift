import ArgumentParser
import Foundation
import LeadDesk
import Leads

/// `leadmail users …`: the people who work leads, their roles and teams.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list, disable and change the users who work leads, and their passwords.",
        discussion: """
            Roles: admin (everything, users), manager (their teams' leads, reassigning, merging, deleting, reports, \
            export), sales (their own leads and their team's unassigned ones), marketing (templates and reports; \
            leads read-only); `roles` in leadmail.yml changes them. While no user exists every command acts as an \
            administrator; add an admin first.
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Password.self, Change.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a user; the password is asked for (twice) on a terminal, or read from standard input.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "Their work address, which they sign in with.") var email: String
        @Option(help: "Their name, as colleagues and customers see it.") var name: String
        @Option(help: "admin, manager, sales or marketing.") var role: Role
        @Option(help: "Their team, as named in leadmail.yml's teams.") var team: String?

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let password = try PasswordPrompt.read(for: email)
            let added = try await context.perform {
                try await context.desk.addUser(
                    email: email, name: name, role: role, team: team, password: password, by: user)
            }
            print(
                "Added \(added.name) <\(added.email)> as \(added.role.rawValue)"
                    + (added.team.map { " in team \($0)" } ?? "") + ".")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let users = try await context.perform { try await context.desk.users(by: user) }
            if json {
                print(try LeadJSON.prettyPrinted(users))
                return
            }
            guard !users.isEmpty else {
                print("No users yet: every command acts as an administrator. Add one with `leadmail users add`.")
                return
            }
            let rows = users.map {
                [$0.email, $0.name, $0.role.rawValue, $0.team ?? "", $0.isDisabled ? "disabled" : ""]
            }
            print(LeadTable.table([["EMAIL", "NAME", "ROLE", "TEAM", ""]] + rows))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Stop a user from acting or signing in; their history stays.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The user's address.") var email: String

        func run() async throws {
            try await UsersCommand.setDisabled(true, email, options, actor)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Let a disabled user act again.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The user's address.") var email: String

        func run() async throws {
            try await UsersCommand.setDisabled(false, email, options, actor)
        }
    }

    static func setDisabled(_ disabled: Bool, _ email: String, _ options: ConfigOptions, _ actor: ActorOptions)
        async throws
    {
        let (context, user) = try await LifecycleContext.acting(options, actor)
        let changed = try await context.perform {
            try await context.desk.updateUser(email, disabled: disabled, by: user)
        }
        print("\(changed.email) is \(disabled ? "disabled" : "enabled").")
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change", abstract: "Change a user's role, team or name.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The user's address.") var email: String
        @Option(help: "admin, manager, sales or marketing.") var role: Role?
        @Option(help: "Their team, as named in leadmail.yml's teams; `none` for no team.") var team: String?
        @Option(help: "Their name.") var name: String?

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let newTeam: String?? =
                switch team {
                case nil: .none
                case "none": .some(nil)
                case let name?: .some(name)
                }
            let changed = try await context.perform {
                try await context.desk.updateUser(email, role: role, team: newTeam, name: name, by: user)
            }
            print("\(changed.email): \(changed.role.rawValue)" + (changed.team.map { ", team \($0)" } ?? "") + ".")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: "Set a user's password (your own, or anyone's as an administrator): asked for on a terminal, "
                + "or read from standard input.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The user's address.") var email: String

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            let password = try PasswordPrompt.read(for: email)
            try await context.perform { try await context.desk.setPassword(password, for: email, by: user) }
            print("Password of \(email) changed.")
        }
    }
}

extension Role: ExpressibleByArgument {}

/// A password is never an argument (it would sit in the shell's history and in `ps`): asked for twice without
/// echo on a terminal, or read as two equal lines from standard input (scripts, `make demo`).
enum PasswordPrompt {
    static func read(for email: String) throws -> String {
        let first: String?
        let second: String?
        if isatty(STDIN_FILENO) != 0 {
            first = getpass("Password for \(email): ").map { String(cString: $0) }
            second = getpass("The same again: ").map { String(cString: $0) }
        } else {
            first = readLine(strippingNewline: true)
            second = readLine(strippingNewline: true)
        }
        guard let first, !first.isEmpty else {
            throw CommandFailure("No password given: type it at the prompt, or give it twice on standard input.")
        }
        guard first == second else {
            throw CommandFailure("The two passwords differ; nothing was changed. Give the same password twice.")
        }
        return first
    }
}
