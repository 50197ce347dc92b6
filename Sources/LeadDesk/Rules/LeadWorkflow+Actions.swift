import Foundation
import Leads
import LeadStore

/// What people do to a lead from the command line, with the rules' consequences (follow-ups, notices).
extension LeadWorkflow {
    /// Checks and applies a status change; a lead back from nurture gets a new follow-up.
    public func changeStatus(leadID: Int64, to change: StatusChange, by: String, at now: Date) throws {
        guard let lead = try store.lead(id: leadID) else { throw LifecycleError.unknownLead(leadID) }
        for day in [change.closeDate, change.until].compactMap({ $0 }) where calendar.date(of: day) == nil {
            throw LifecycleError.badDay(day)
        }
        let checked = try change.validated(from: lead.status, rejectionReasons: settings.rejectionReasons)
        var update = LeadUpdate(leadID: leadID, by: by)
        update.status = (checked, lead.status)
        if lead.status == .nurture, checked.status.isOpen {
            update.newTasks = [.init(
                kind: lead.phone == nil ? .email : .call,
                due: calendar.adding(workingDays: settings.followUpDays, to: calendar.day(of: now)), isFollowUp: true)]
        }
        if !checked.status.isOpen || checked.status == .nurture {
            update.completeFollowUps = true
        }
        if checked.status == .contacted { update.firstContactAt = now }
        // The day to come back to a nurtured lead is a reminder: on that day it becomes the owner's task.
        if checked.status == .nurture, let until = checked.until { update.remindOn = until }
        try store.apply(update, at: now)
    }

    /// Hands a lead to someone by hand: its open tasks move, the new owner is told.
    public func assign(leadID: Int64, to person: String, by: String, at now: Date) throws -> SalesPerson {
        guard let lead = try store.lead(id: leadID), var lifecycle = try store.lifecycle(leadID: leadID) else {
            throw LifecycleError.unknownLead(leadID)
        }
        guard let owner = settings.assigner.person(named: person)
            ?? (EmailAddress.isPlausible(person) && settings.teams.isEmpty
                ? SalesPerson(name: person, email: person) : nil)
        else { throw LifecycleError.unknownPerson(person) }
        let team = settings.assigner.team(of: owner.email)
        var update = LeadUpdate(leadID: leadID, by: by)
        update.owner = .init(email: owner.email, team: team?.name)
        lifecycle.owner = owner.email
        if team?.notify ?? true {
            let open = try store.tasks(leadID: leadID).first { $0.isOpen }
            update.notices = [notices.newLead(
                lead, lifecycle: lifecycle, owner: owner.email, copy: [],
                followUp: open.map { .init(kind: $0.kind, due: $0.due) }, handedOverBy: by, now: now)]
        }
        try store.apply(update, at: now)
        return owner
    }

    /// The score as the rules make it now, line by line.
    public func explain(leadID: Int64) throws -> ScoreBreakdown {
        guard let item = try store.workflowItem(leadID: leadID) else { throw LifecycleError.unknownLead(leadID) }
        return scorer.score(facts(item))
    }
}
