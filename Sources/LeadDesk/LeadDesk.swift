import Foundation
import LeadStore
import Leads
import Logging
import Templates

/// People's work on leads, whichever shell it comes from: every action and query takes the acting user, checks
/// the permission policy, and writes its log entry with that user's name.
///
/// The command line and the web workspace are shells over this type: they parse their input, call one method,
/// and show the result or the error's description. Each method is one transaction of the store's `async` port
/// (`LeadRecords`): the permission check reads the lead in the same transaction that changes it, and a web
/// request never blocks its executor while the database works.
public struct LeadDesk: Sendable {
    public let records: any LeadRecords
    /// The rules that run after intake and on timers, whose settings people's actions share (follow-up days,
    /// teams, rejection reasons, staff notices).
    public let workflow: LeadWorkflow
    public let permissions: PermissionPolicy
    /// Who people's letters to leads come from; nil where nobody writes to leads (no `from` configured).
    public let letters: LetterSettings?
    /// Marketing's edits of the reply templates; nil where no templates folder is configured.
    public let templateEditor: TemplateEditor?
    /// Renders template previews as intake would (set by Intake from leadmail.yml); nil where none is set up.
    public var templatePreviewer: (any TemplatePreviewing)?
    /// Rewrites the links of letters to go through `/t/TOKEN` (`tracking: true`); nil when tracking is off.
    public var tracker: LinkTracker?
    let clock: @Sendable () -> Date
    let hasher: PasswordHasher

    /// - Parameters:
    ///   - clock: the time actions are stamped with (tests and replays set it; `LEADMAIL_NOW`).
    ///   - passwordCost: bcrypt's cost; the standard one unless a test needs speed.
    public init(
        records: any LeadRecords, workflow: LeadWorkflow, permissions: PermissionPolicy = PermissionPolicy(),
        letters: LetterSettings? = nil, clock: @escaping @Sendable () -> Date = Date.init,
        passwordCost: UInt8 = PasswordHasher.standardCost, templateFolder: String? = nil
    ) {
        self.records = records
        self.letters = letters
        templateEditor = templateFolder.map(TemplateEditor.init(directory:))
        self.workflow = workflow
        self.permissions = permissions
        self.clock = clock
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

    /// The lead, checked against what `user` may do with it, in the transaction that will act on it.
    func lead(_ id: Int64, for right: Right, by user: User, in tx: any LeadTransaction) throws
        -> (Lead, LeadLifecycle)
    {
        try permissions.check(right, by: user)
        guard let lead = try tx.lead(id: id) else { throw LifecycleError.unknownLead(id) }
        let lifecycle = try tx.lifecycle(leadID: id) ?? LeadLifecycle()
        try permissions.check(right, by: user, on: ownership(lead, lifecycle))
        return (lead, lifecycle)
    }

    /// The lead when it is within the user's scope, nil when it is not (or is gone): what lists leave out.
    func visibleLead(_ id: Int64, to user: User, in tx: any LeadTransaction) throws -> Lead? {
        guard let lead = try tx.lead(id: id) else { return nil }
        let lifecycle = try tx.lifecycle(leadID: id) ?? LeadLifecycle()
        return permissions.reaches(user, ownership(lead, lifecycle)) ? lead : nil
    }

    /// Whose a lead is, with the owner's team from leadmail.yml's `teams`.
    func ownership(_ lead: Lead, _ lifecycle: LeadLifecycle) -> LeadOwnership {
        LeadOwnership(
            number: lead.number, owner: lifecycle.owner, team: lifecycle.team,
            ownerTeam: lifecycle.owner.flatMap { settings.assigner.team(of: $0)?.name })
    }
}
