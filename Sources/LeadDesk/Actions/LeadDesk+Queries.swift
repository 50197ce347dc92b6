import Foundation
import LeadStore
import Leads

/// What the shells show: lists, one lead with its whole log, the work list, duplicates, a score's explanation.
/// Each shows only the leads within the user's scope.
extension LeadDesk {
    /// One lead with everything known about it.
    public struct LeadDetail: Sendable {
        public var lead: Lead
        public var lifecycle: LeadLifecycle
        /// Every message in and out, oldest first.
        public var communications: [Communication]
        /// The work log (status changes, notes, calls, assignments) with who and when, oldest first.
        public var events: [LeadEvent]
        public var tasks: [FollowUpTask]
    }

    /// The daily work list: open tasks due by a day and leads whose reminder has come.
    public struct WorkList: Sendable {
        public var tasks: [FollowUpTask]
        /// The lead of each task, by id.
        public var leads: [Int64: Lead]
        public var reminders: [LeadListing]
        public var today: String
    }

    /// Leads matching `search` that the user may see: the scope is part of the store's query, so a page of a
    /// list reads only that page however many leads there are.
    public func leads(_ search: LeadSearch, by user: User) async throws -> [LeadListing] {
        try permissions.check(.view, by: user)
        let scoped = within(search, of: user)
        return try await records.read { tx in try tx.search(scoped) }
    }

    /// How many leads matching `search` the user may see, and their summed value.
    public func tally(_ search: LeadSearch, by user: User) async throws -> LeadTally {
        try permissions.check(.view, by: user)
        let scoped = within(search, of: user)
        return try await records.read { tx in try tx.tally(scoped) }
    }

    /// The search limited to what the user's scope reaches.
    func within(_ search: LeadSearch, of user: User) -> LeadSearch {
        var scoped = search
        scoped.reach = permissions.reach(of: user) { team in
            settings.teams.flatMap(\.members).map(\.email).filter { settings.assigner.team(of: $0)?.name == team }
        }
        return scoped
    }

    public func lead(_ leadID: Int64, by user: User) async throws -> LeadDetail {
        try await records.read { tx in try lead(leadID, by: user, in: tx) }
    }

    /// `lead(_:by:)` inside a transaction the caller holds.
    func lead(_ leadID: Int64, by user: User, in tx: any LeadTransaction) throws -> LeadDetail {
        let (lead, lifecycle) = try lead(leadID, for: .view, by: user, in: tx)
        return LeadDetail(
            lead: lead, lifecycle: lifecycle, communications: try tx.communications(leadID: leadID),
            events: try tx.events(leadID: leadID), tasks: try tx.tasks(leadID: leadID))
    }

    /// Open tasks due today or earlier (all open tasks with `includeLater`) and reminders come due, of `owner`
    /// or of every lead the user sees.
    public func workList(owner: String?, includeLater: Bool = false, by user: User) async throws -> WorkList {
        try permissions.check(.view, by: user)
        let today = today
        return try await records.read { tx in
            let open = try tx.openTasks(owner: owner).filter { includeLater || $0.due <= today }
            // The tasks' leads in one query (a salesperson who is behind has hundreds of overdue tasks), each
            // checked as `visibleLead` checks one.
            var leads: [Int64: Lead] = [:]
            var ids: [Int64] = []
            var seen = Set<Int64>()
            for task in open where seen.insert(task.leadID).inserted { ids.append(task.leadID) }
            if !ids.isEmpty {
                var theirs = LeadSearch(order: .newest, limit: ids.count)
                theirs.ids = ids
                for listing in try tx.search(theirs)
                where permissions.reaches(user, ownership(listing.lead, listing.lifecycle)) {
                    leads[listing.lead.id] = listing.lead
                }
            }
            let tasks = open.filter { leads[$0.leadID] != nil }
            var due = LeadSearch(owner: owner, order: .newest)
            due.remindBy = today
            due.openOnly = true
            var reminders = try tx.search(due).filter {
                $0.lead.status.isOpen && ($0.lifecycle.remindOn.map { $0 <= today } ?? false)
                    && permissions.reaches(user, ownership($0.lead, $0.lifecycle))
            }
            reminders.sort { ($0.lifecycle.remindOn ?? "") < ($1.lifecycle.remindOn ?? "") }
            return WorkList(tasks: tasks, leads: leads, reminders: reminders, today: today)
        }
    }

    /// Pairs of leads that may be one person, among those the user may merge.
    public func possibleDuplicates(by user: User) async throws -> [PossibleDuplicate] {
        try permissions.check(.merge, by: user)
        return try await records.read { tx in
            try tx.possibleDuplicates(freeMailDomains: settings.scoring.freeMailDomains).filter { pair in
                try [pair.first.id, pair.second.id].allSatisfy { try visibleLead($0, to: user, in: tx) != nil }
            }
        }
    }

    /// How the lead's score is made, line by line.
    public func explainScore(_ leadID: Int64, by user: User) async throws -> (Lead, ScoreBreakdown) {
        try await records.read { tx in
            let (lead, _) = try lead(leadID, for: .view, by: user, in: tx)
            guard let item = try tx.workflowItem(leadID: leadID) else { throw LifecycleError.unknownLead(leadID) }
            return (lead, workflow.explain(item))
        }
    }

    /// The leads a report counts, for those with the `reports` right (every lead: reports are about campaigns).
    public func reportedLeads(from: Date?, until: Date?, tag: String?, by user: User) async throws
        -> [ReportedLead]
    {
        try permissions.check(.reports, by: user)
        return try await records.read { tx in try tx.reportedLeads(from: from, until: until, tag: tag) }
    }

    /// Checks a right that needs no particular lead (export, import): for shells whose work is not yet a
    /// LeadDesk action of its own.
    public func check(_ right: Right, by user: User) throws(PermissionDenied) {
        try permissions.check(right, by: user)
    }
}
