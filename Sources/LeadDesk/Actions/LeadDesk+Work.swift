import Foundation
import LeadStore
import Leads

/// What people do to a lead: each action one transaction, checked against the actor's rights on that lead and
/// written with its log entry.
extension LeadDesk {
    /// Moves a lead on (new → contacted → qualified → converted, or rejected / nurture) with what the move needs:
    /// a reason, a value, a nurture day. Returns the status it had. A lead back from nurture gets a new follow-up.
    public func changeStatus(_ leadID: Int64, to change: StatusChange, by user: User) async throws -> LeadStatus {
        let now = clock()
        return try await records.write { tx in try changingStatus(leadID, to: change, by: user, now: now, in: tx) }
    }

    /// `changeStatus` inside a transaction (a mass action's).
    func changingStatus(_ leadID: Int64, to change: StatusChange, by user: User, now: Date, in tx: any LeadTransaction)
        throws -> LeadStatus
    {
        let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
        for day in [change.closeDate, change.until].compactMap({ $0 }) where calendar.date(of: day) == nil {
            throw LifecycleError.badDay(day)
        }
        let checked = try change.validated(from: lead.status, rejectionReasons: settings.rejectionReasons)
        if checked.status == .nurture, let until = checked.until, until < calendar.day(of: now) {
            throw LifecycleError.nurtureInThePast(until)
        }
        var update = LeadUpdate(leadID: leadID, by: user.actorName)
        update.status = (checked, lead.status)
        if lead.status == .nurture, checked.status.isOpen {
            update.newTasks = [workflow.followUp(for: lead, at: now)]
        }
        if !checked.status.isOpen || checked.status == .nurture { update.completeFollowUps = true }
        if checked.status == .contacted { update.firstContactAt = now }
        // The day to come back to a nurtured lead is a reminder: on that day it becomes the owner's task.
        if checked.status == .nurture, let until = checked.until { update.remindOn = until }
        try tx.apply(update, at: now)
        return lead.status
    }

    /// A note in the lead's log; a logged call is human contact: it completes the follow-up and moves a new lead
    /// to contacted, as completing a call task does.
    public func addNote(_ leadID: Int64, text: String, isCall: Bool = false, by user: User) async throws {
        let now = clock()
        try await records.write { tx in
            let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.events = [(.note, isCall ? "call: \(text)" : text)]
            if isCall { update.recordHumanContact(at: now, status: lead.status) }
            try tx.apply(update, at: now)
        }
    }

    /// The day to be reminded of a lead; on that day it becomes the owner's task.
    public func remind(_ leadID: Int64, on day: String, by user: User) async throws {
        try await update(leadID, by: user) { update in
            guard calendar.date(of: day) != nil else { throw LifecycleError.badDay(day) }
            update.remindOn = day
        }
    }

    /// Adds tags (segments such as "interested but not now"), once whatever their case; returns all the lead's tags.
    public func tag(_ leadID: Int64, with tags: [String], by user: User) async throws -> [String] {
        try await update(leadID, by: user) { $0.addTags = Self.cleaned(tags) }
        return try await records.read { tx in try tx.lifecycle(leadID: leadID)?.tags ?? [] }
    }

    /// Takes tags off, in any case; returns the tags left.
    public func untag(_ leadID: Int64, _ tags: [String], by user: User) async throws -> [String] {
        try await update(leadID, by: user) { $0.removeTags = Self.cleaned(tags) }
        return try await records.read { tx in try tx.lifecycle(leadID: leadID)?.tags ?? [] }
    }

    public func rate(_ leadID: Int64, _ rating: LeadRating, by user: User) async throws {
        try await update(leadID, by: user) { $0.rating = rating }
    }

    /// Hands a lead to someone in the teams: its open tasks move, the new owner is told. Taking an unassigned
    /// lead of one's team is an assignment too.
    public func assign(_ leadID: Int64, to person: String, by user: User) async throws -> SalesPerson {
        let now = clock()
        return try await records.write { tx in try assigning(leadID, to: person, by: user, now: now, in: tx) }
    }

    /// `assign` inside a transaction (a mass action's).
    func assigning(_ leadID: Int64, to person: String, by user: User, now: Date, in tx: any LeadTransaction) throws
        -> SalesPerson
    {
        let (lead, current) = try lead(leadID, for: .assign, by: user, in: tx)
        guard
            let owner = settings.assigner.person(named: person)
                ?? (EmailAddress.isPlausible(person) && settings.teams.isEmpty
                    ? SalesPerson(name: person, email: person) : nil)
        else { throw LifecycleError.unknownPerson(person) }
        let team = settings.assigner.team(of: owner.email)
        var update = LeadUpdate(leadID: leadID, by: user.actorName)
        update.owner = .init(email: owner.email, team: team?.name)
        var lifecycle = current
        lifecycle.owner = owner.email
        if team?.notify ?? true {
            let open = try tx.tasks(leadID: leadID).first { $0.isOpen }
            update.notices = [
                workflow.notices.newLead(
                    lead, lifecycle: lifecycle, owner: owner.email, copy: [],
                    followUp: open.map { .init(kind: $0.kind, due: $0.due) }, handedOverBy: user.actorName, now: now
                )
            ]
        }
        try tx.apply(update, at: now)
        return owner
    }

    /// A task on a lead, due on a day; returns it.
    public func addTask(_ leadID: Int64, kind: FollowUpTask.Kind, due day: String, by user: User) async throws
        -> FollowUpTask
    {
        let now = clock()
        return try await records.write { tx in
            _ = try lead(leadID, for: .edit, by: user, in: tx)
            guard calendar.date(of: day) != nil else { throw LifecycleError.badDay(day) }
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.newTasks = [.init(kind: kind, due: day)]
            try tx.apply(update, at: now)
            guard let task = try tx.tasks(leadID: leadID).last else { throw LifecycleError.unknownLead(leadID) }
            return task
        }
    }

    /// Marks a task done, with what came of it as a note; a call or meeting is human contact, with the same
    /// consequences as a logged call.
    public func completeTask(_ taskID: Int64, note: String? = nil, by user: User) async throws -> FollowUpTask {
        let now = clock()
        return try await records.write { tx in
            guard let leadID = try tx.leadID(ofTask: taskID) else { throw LifecycleError.unknownTask(taskID) }
            _ = try lead(leadID, for: .edit, by: user, in: tx)
            let task = try tx.completeTask(id: taskID, by: user.actorName, at: now)
            if let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty {
                var update = LeadUpdate(leadID: leadID, by: user.actorName)
                update.events = [(.note, "task \(taskID): \(note)")]
                try tx.apply(update, at: now)
            }
            return task
        }
    }

    /// Opens a done task again (the call reached nobody after all), with why as a note.
    public func reopenTask(_ taskID: Int64, note: String? = nil, by user: User) async throws {
        let now = clock()
        try await records.write { tx in
            guard let leadID = try tx.leadID(ofTask: taskID) else { throw LifecycleError.unknownTask(taskID) }
            _ = try lead(leadID, for: .edit, by: user, in: tx)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.reopenTasks = [taskID]
            if let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty {
                update.events = [(.note, "task \(taskID): \(note)")]
            }
            try tx.apply(update, at: now)
        }
    }

    /// Corrects the contact's name, phone or company on the lead (an empty value clears it); logged with the
    /// values before and after. The address is the contact's identity and is not edited here: a lead under a
    /// wrong address is merged into the right one.
    public func editContact(_ leadID: Int64, _ edit: LeadUpdate.ContactEdit, by user: User) async throws {
        try await update(leadID, by: user) { update in
            update.contact = LeadUpdate.ContactEdit(
                name: edit.name.map(Self.oneLine), phone: edit.phone.map(Self.oneLine),
                company: edit.company.map(Self.oneLine))
        }
    }

    /// Takes a rejected lead back into work: new again, the rejection reason cleared, a follow-up set, and why in
    /// the log. Converted leads stay closed (a new enquiry opens a new lead).
    public func reopen(_ leadID: Int64, reason: String, by user: User) async throws {
        let now = clock()
        try await records.write { tx in
            let (lead, _) = try lead(leadID, for: .edit, by: user, in: tx)
            guard lead.status == .rejected else { throw LifecycleError.notRejected(leadID, lead.status) }
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.status = (StatusChange(status: .new), .rejected)
            update.events = [(.note, "reopened: \(reason)")]
            update.newTasks = [workflow.followUp(for: lead, at: now)]
            try tx.apply(update, at: now)
        }
    }

    /// Folds `other` into `keep` with the whole log of both. The kept lead (its number stays) takes the
    /// furthest-along status with its value, reason and dates, that lead's owner and origin, and the better
    /// rating (`LeadMerge`); two converted leads are refused.
    public func merge(_ other: Int64, into keep: Int64, by user: User) async throws {
        let now = clock()
        try await records.write { tx in
            let kept = try lead(keep, for: .merge, by: user, in: tx)
            let gone = try lead(other, for: .merge, by: user, in: tx)
            guard keep != other else { throw LifecycleError.mergeIntoItself(keep) }
            let merge = try LeadMerge(keep: kept, other: gone, by: user.actorName)
            try tx.merge(other, into: keep, by: user.actorName, at: now)
            try tx.apply(merge.update, at: now)
        }
    }

    /// Deletes a lead and its whole log (spam, a test, a person's request to be forgotten). The deletion itself
    /// goes to the service log with who and when, since the lead's own log goes with it.
    public func delete(_ leadID: Int64, by user: User) async throws -> Lead {
        let gone = try await records.write { tx in
            _ = try lead(leadID, for: .delete, by: user, in: tx)
            return try tx.deleteLead(leadID)
        }
        workflow.logger.notice("\(gone.number) (\(gone.email)) deleted by \(user.actorName)")
        return gone
    }

    /// One edit of a lead by a person: checked, built, applied in one transaction.
    private func update(
        _ leadID: Int64, by user: User, _ build: @escaping @Sendable (inout LeadUpdate) throws -> Void
    ) async throws {
        let now = clock()
        try await records.write { tx in
            _ = try lead(leadID, for: .edit, by: user, in: tx)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            try build(&update)
            try tx.apply(update, at: now)
        }
    }

    /// A value typed into one field: no line breaks (it may reach a header), no surrounding blanks.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    static func cleaned(_ tags: [String]) -> [String] {
        tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
