import Foundation
import LeadStore
import Leads

/// Leads nobody followed up in time, and the morning digest.
extension LeadWorkflow {
    /// Reassigns each lead whose follow-up has been open `overdueDays` working days to the next person of its
    /// team (the team it was assigned from, else the owner's): a lead stays in its territory, and goes to the
    /// team's manager when nobody else is in the team. A lead of no team goes by the assignment rules. The former
    /// owner, the new owner and the team's manager are told, and it is all in the lead's log. Returns the leads
    /// handled.
    @discardableResult
    public func reassignOverdue(now: Date) throws -> [Int64] {
        let today = calendar.day(of: now)
        var handled: [Int64] = []
        var updates: [LeadUpdate] = []
        // Working days are never more than calendar days: only follow-ups set overdueDays or more days ago can be
        // overdue, which keeps each wake of `leadmail run` cheap however many leads are open.
        let candidates = calendar.date(of: today)?.addingTimeInterval(Double(1 - settings.overdueDays) * 86_400) ?? now
        let overdue = try store.openFollowUps(setBefore: candidates)
        // Workloads and turns are read only when something is to be reassigned: most wakes find nothing.
        guard !overdue.isEmpty else { return [] }
        var state = try AssignmentState(store: store, teams: settings.teams)
        for (listing, task) in overdue {
            let set = calendar.day(of: task.createdAt)
            guard calendar.workingDays(after: set, through: today) >= settings.overdueDays else { continue }
            let lead = listing.lead
            let previous = listing.lifecycle.owner
            let choice = overdueChoice(listing, excluding: Set([previous].compactMap { $0 }), state: state)
            if let choice { state.record(choice.owner.email, team: choice.team) }
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            update.events.append(
                (
                    .overdue,
                    "follow-up \(task.id) (due \(task.due)) not done within "
                        + "\(settings.overdueDays) working days" + (previous.map { " by \($0)" } ?? "")
                ))
            update.completeFollowUps = true
            let followUp = LeadUpdate.NewTask(
                kind: task.kind, due: calendar.adding(workingDays: settings.followUpDays, to: today), isFollowUp: true)
            update.newTasks = [followUp]
            var told = Set<String>()
            if let choice {
                update.owner = .init(
                    email: choice.owner.email, team: choice.team?.name, reason: "overdue, \(choice.reason)")
                if choice.team?.strategy == .roundRobin { update.advanceTurn = choice.team?.name }
                var lifecycle = listing.lifecycle
                lifecycle.owner = choice.owner.email
                update.notices.append(
                    notices.newLead(
                        lead, lifecycle: lifecycle, owner: choice.owner.email, copy: [], followUp: followUp,
                        handedOverBy: "LeadMail (overdue\(previous.map { " with \($0)" } ?? ""))", now: now))
                told.insert(choice.owner.email)
            }
            let team =
                previous.flatMap(settings.assigner.team(of:))
                ?? choice?.team ?? listing.lifecycle.team.flatMap { name in settings.teams.first { $0.name == name } }
            let others = ([previous, team?.manager].compactMap { $0 }).filter { !told.contains($0) }
            if !others.isEmpty {
                update.notices.append(
                    notices.overdue(
                        lead, from: previous, to: choice?.owner.email, recipients: Array(Set(others)).sorted(),
                        days: settings.overdueDays, now: now))
            }
            updates.append(update)
            logger.info("\(lead.number) overdue: \(previous ?? "nobody") → \(choice?.owner.email ?? "nobody")")
            handled.append(lead.id)
        }
        // All together: a morning after a long weekend may find hundreds overdue, and one commit is all or none.
        try store.apply(all: updates, at: now)
        return handled
    }

    /// Who takes an overdue lead: the next member of its team by the team's strategy, else the team's manager;
    /// the assignment rules only for a lead of no team.
    func overdueChoice(_ listing: LeadListing, excluding: Set<String>, state: AssignmentState) -> LeadAssigner.Choice? {
        let assigner = settings.assigner
        let team =
            listing.lifecycle.team.flatMap { name in settings.teams.first { $0.name == name } }
            ?? listing.lifecycle.owner.flatMap(assigner.team(of:))
        guard let team else {
            return choose(listing.lead, fields: [], score: listing.lifecycle.score, excluding: excluding, state: state)
        }
        if let next = assigner.pick(
            in: team, excluding: excluding, load: state.load, turn: state.turns[team.name] ?? 0,
            why: "the next of its team")
        {
            return next
        }
        guard let manager = team.manager, !excluding.contains(manager) else { return nil }
        return LeadAssigner.Choice(
            owner: assigner.person(named: manager) ?? SalesPerson(name: manager, email: manager), team: team,
            reason: "nobody else in team \(team.name): its manager")
    }

    /// From `digestHour` on a working day, each owner with open tasks due by today gets one digest a day.
    /// Returns the owners written to.
    @discardableResult
    public func sendDigests(now: Date) throws -> [String] {
        let today = calendar.day(of: now)
        var office = Calendar(identifier: .gregorian)
        office.timeZone = calendar.timeZone
        guard calendar.isWorkingDay(today), office.component(.hour, from: now) >= settings.digestHour else { return [] }
        var sent: [String] = []
        for owner in try store.ownersAwaitingDigest(day: today) {
            let tasks = try store.openTasks(owner: owner, dueBy: today)
            let items = try tasks.compactMap { task in try store.lead(id: task.leadID).map { ($0, task) } }
            guard let first = items.first else { continue }
            var update = LeadUpdate(leadID: first.0.id, by: LeadEvent.system)
            update.notices = [notices.digest(owner: owner, items: items, today: today, now: now)]
            update.digest = (owner, today)
            try store.apply(update, at: now)
            sent.append(owner)
        }
        return sent
    }
}
