import Foundation
import LeadStore
import Leads

/// What people do to a lead: each action one call, checked against the actor's rights on that lead, written
/// with its log entry in one transaction.
extension LeadDesk {
    /// Moves a lead on (new → contacted → qualified → converted, or rejected / nurture) with what the move needs.
    public func changeStatus(_ leadID: Int64, to change: StatusChange, by user: User) async throws -> LeadStatus {
        let now = clock()
        return try await run {
            let (lead, _) = try lead(leadID, for: .edit, by: user)
            try workflow.changeStatus(leadID: leadID, to: change, by: user.actorName, at: now)
            return lead.status
        }
    }

    /// A note in the lead's log; a logged call is human contact: it completes the follow-up and moves a new lead
    /// to contacted, as completing the follow-up call task does.
    public func addNote(_ leadID: Int64, text: String, isCall: Bool = false, by user: User) async throws {
        let now = clock()
        try await run {
            let (lead, _) = try lead(leadID, for: .edit, by: user)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.events = [(.note, isCall ? "call: \(text)" : text)]
            if isCall {
                update.completeFollowUps = true
                update.firstContactAt = now
                if let change = StatusChange.afterHumanContact(from: lead.status) { update.status = (change, lead.status) }
            }
            try store.apply(update, at: now)
        }
    }

    /// The day to be reminded of a lead; on that day it becomes the owner's task.
    public func remind(_ leadID: Int64, on day: String, by user: User) async throws {
        let now = clock()
        try await run {
            _ = try lead(leadID, for: .edit, by: user)
            guard calendar.date(of: day) != nil else { throw LifecycleError.badDay(day) }
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.remindOn = day
            try store.apply(update, at: now)
        }
    }

    /// Adds tags (segments such as "interested but not now"); returns all of the lead's tags.
    public func tag(_ leadID: Int64, with tags: [String], by user: User) async throws -> [String] {
        let now = clock()
        return try await run {
            _ = try lead(leadID, for: .edit, by: user)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.addTags = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            try store.apply(update, at: now)
            return try store.lifecycle(leadID: leadID)?.tags ?? []
        }
    }

    /// Takes tags off (in any case); returns the tags left.
    public func untag(_ leadID: Int64, _ tags: [String], by user: User) async throws -> [String] {
        let now = clock()
        return try await run {
            _ = try lead(leadID, for: .edit, by: user)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.removeTags = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            try store.apply(update, at: now)
            return try store.lifecycle(leadID: leadID)?.tags ?? []
        }
    }

    /// Deletes a lead and its whole log (spam, a test, a person's request to be forgotten). The deletion itself
    /// is logged by the caller's logger with who and when, since the lead's own log goes with it.
    public func delete(_ leadID: Int64, by user: User) async throws -> Lead {
        try await run {
            _ = try lead(leadID, for: .delete, by: user)
            let gone = try store.deleteLead(leadID)
            workflow.logger.notice("\(gone.number) (\(gone.email)) deleted by \(user.actorName)")
            return gone
        }
    }

    public func rate(_ leadID: Int64, _ rating: LeadRating, by user: User) async throws {
        let now = clock()
        try await run {
            _ = try lead(leadID, for: .edit, by: user)
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.rating = rating
            try store.apply(update, at: now)
        }
    }

    /// Hands a lead to someone: its open tasks move, the new owner is told. Taking an unassigned lead of one's
    /// team is an assignment too.
    public func assign(_ leadID: Int64, to person: String, by user: User) async throws -> SalesPerson {
        let now = clock()
        return try await run {
            _ = try lead(leadID, for: .assign, by: user)
            return try workflow.assign(leadID: leadID, to: person, by: user.actorName, at: now)
        }
    }

    /// A task on a lead, due on a day; returns it.
    public func addTask(_ leadID: Int64, kind: FollowUpTask.Kind, due day: String, by user: User) async throws
        -> FollowUpTask
    {
        let now = clock()
        return try await run {
            _ = try lead(leadID, for: .edit, by: user)
            guard calendar.date(of: day) != nil else { throw LifecycleError.badDay(day) }
            var update = LeadUpdate(leadID: leadID, by: user.actorName)
            update.newTasks = [.init(kind: kind, due: day)]
            try store.apply(update, at: now)
            guard let task = try store.tasks(leadID: leadID).last else { throw LifecycleError.unknownLead(leadID) }
            return task
        }
    }

    /// Marks a task done; a call or meeting is human contact, with the same consequences as a logged call.
    public func completeTask(_ taskID: Int64, by user: User) async throws -> FollowUpTask {
        let now = clock()
        return try await run {
            guard let leadID = try store.leadID(ofTask: taskID) else { throw LifecycleError.unknownTask(taskID) }
            _ = try lead(leadID, for: .edit, by: user)
            return try store.completeTask(id: taskID, by: user.actorName, at: now)
        }
    }

    /// Folds `other` into `keep` with the whole log of both.
    public func merge(_ other: Int64, into keep: Int64, by user: User) async throws {
        let now = clock()
        try await run {
            _ = try lead(keep, for: .merge, by: user)
            _ = try lead(other, for: .merge, by: user)
            guard keep != other else { throw LifecycleError.mergeIntoItself(keep) }
            try store.merge(other, into: keep, by: user.actorName, at: now)
        }
    }
}
