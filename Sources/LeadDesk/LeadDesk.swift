import Dispatch
import Foundation
import LeadStore
import Leads
import Logging

/// People's work on leads, whichever shell it comes from: every action and query takes the acting user, checks
/// the permission policy, and writes its log entry with that user's name.
///
/// The command line and the web workspace are shells over this type: they parse their input, call one method,
/// and show the result or the error's description (written for the person, never naming a flag or a route).
/// Its methods are `async` and run the store's blocking calls on a thread pool of their own (`StoreCalls`), so a
/// web request never blocks the cooperative executor while SQLite waits for the disk.
public struct LeadDesk: Sendable {
    public typealias Store = any LeadStore & UserStore & LeadDeskStore

    public let store: Store
    /// The rules that run after intake and on timers, which people's actions share (follow-ups, notices).
    public let workflow: LeadWorkflow
    public let permissions: PermissionPolicy
    let clock: @Sendable () -> Date
    let calls: StoreCalls
    let hasher: PasswordHasher

    /// - Parameters:
    ///   - clock: the time actions are stamped with (tests and replays set it; `LEADMAIL_NOW`).
    ///   - passwordCost: bcrypt's cost; 12 unless a test needs speed.
    public init(
        store: Store, workflow: LeadWorkflow, permissions: PermissionPolicy = PermissionPolicy(),
        clock: @escaping @Sendable () -> Date = Date.init, passwordCost: UInt8 = PasswordHasher.standardCost
    ) {
        self.store = store
        self.workflow = workflow
        self.permissions = permissions
        self.clock = clock
        calls = StoreCalls()
        hasher = PasswordHasher(cost: passwordCost)
    }

    var settings: LifecycleSettings { workflow.settings }
    var calendar: WorkingCalendar { settings.calendar }

    /// Today in the office's calendar.
    public var today: String { calendar.day(of: clock()) }

    /// A day as people write it: `2026-12-01`, `today`, or `+3` for three working days from today.
    public func day(_ text: String) throws(LifecycleError) -> String {
        if text.hasPrefix("+"), let count = Int(text.dropFirst()), count >= 0 {
            return calendar.adding(workingDays: count, to: today)
        }
        if text == "today" { return today }
        guard calendar.date(of: text) != nil else { throw LifecycleError.badDay(text) }
        return text
    }

    /// The lead, checked against what `user` may do with it.
    func lead(_ id: Int64, for right: Right, by user: User) throws -> (Lead, LeadLifecycle) {
        try permissions.check(right, by: user)
        guard let lead = try store.lead(id: id) else { throw LifecycleError.unknownLead(id) }
        let lifecycle = try store.lifecycle(leadID: id) ?? LeadLifecycle()
        try permissions.check(right, by: user, on: ownership(lead, lifecycle))
        return (lead, lifecycle)
    }

    /// Whose a lead is, with the owner's team from leadmail.yml's `teams`.
    func ownership(_ lead: Lead, _ lifecycle: LeadLifecycle) -> LeadOwnership {
        LeadOwnership(
            number: lead.number, owner: lifecycle.owner, team: lifecycle.team,
            ownerTeam: lifecycle.owner.flatMap { settings.assigner.team(of: $0)?.name })
    }

    /// Runs blocking store work off the caller's executor.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await calls.run(body)
    }
}

/// The store calls LeadDesk makes beyond the pipeline's port: merge and duplicates, tags removed, tasks reopened.
public protocol LeadDeskStore: Sendable {
    func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate]
    func merge(_ duplicate: Int64, into keep: Int64, by: String, at now: Date) throws
    /// The lead a task belongs to, done or not.
    func leadID(ofTask id: Int64) throws -> Int64?
    /// Deletes a lead with its log, tasks, tags and outbox rows; returns it as it was.
    func deleteLead(_ id: Int64) throws -> Lead
}

extension SQLiteLeadStore: LeadDeskStore {}

/// A small pool of threads for the store's blocking calls: `async` callers suspend instead of holding a thread
/// of the cooperative pool while SQLite reads or waits for a lock.
struct StoreCalls: Sendable {
    private let queue = DispatchQueue(label: "leaddesk.store", qos: .userInitiated, attributes: .concurrent)

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
