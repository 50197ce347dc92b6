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
        /// The tasks asked for: all of them, or the page asked for (`TaskPage`), overdue first.
        public var tasks: [FollowUpTask]
        /// The lead of each task, by id.
        public var leads: [Int64: Lead]
        public var reminders: [LeadListing]
        public var today: String
        /// How many open tasks the user may see are overdue, due today and due later (later ones only counted
        /// with `includeLater`), whichever page `tasks` holds.
        public var overdue = 0
        public var dueToday = 0
        public var dueLater = 0

        /// Every task the list counts, on every page.
        public var total: Int { overdue + dueToday + dueLater }
    }

    /// A page of the work list's tasks: a salesperson who is behind has hundreds of tasks overdue, and the
    /// landing page shows the first of them with the counts of all.
    public struct TaskPage: Sendable {
        public var offset: Int
        public var limit: Int

        public init(offset: Int, limit: Int) {
            self.offset = max(0, offset)
            self.limit = max(1, limit)
        }
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
    /// or of every lead the user sees; with `page`, only that page of the tasks and their leads, and the counts
    /// of all of them.
    public func workList(
        owner: String?, includeLater: Bool = false, page: TaskPage? = nil, by user: User
    ) async throws -> WorkList {
        try permissions.check(.view, by: user)
        let today = today
        return try await records.read { tx in
            let open = try tx.openTasks(owner: owner).filter { includeLater || $0.due <= today }
            var ids: [Int64] = []
            var seen = Set<Int64>()
            for task in open where seen.insert(task.leadID).inserted { ids.append(task.leadID) }
            // The tasks the user may see: those whose lead `visibleLead` would show. Counted in the store when
            // every lead is within reach (a page then reads only its own leads); else each lead is read and
            // checked, in one query.
            var leads: [Int64: Lead] = [:]
            var tasks = open
            if !ids.isEmpty {
                var theirs = within(LeadSearch(order: .newest), of: user)
                theirs.ids = ids
                let reached = try page == nil ? 0 : tx.tally(theirs).count
                if reached != ids.count {
                    leads = try visibleLeads(ids, to: user, in: tx)
                    tasks = open.filter { leads[$0.leadID] != nil }
                }
            }
            var work = WorkList(tasks: tasks, leads: leads, reminders: [], today: today)
            for task in tasks {
                if task.due < today {
                    work.overdue += 1
                } else if task.due == today {
                    work.dueToday += 1
                } else {
                    work.dueLater += 1
                }
            }
            if let page {
                // Overdue first, as the store orders them (by day, then the lead's score).
                work.tasks = Array(tasks.dropFirst(page.offset).prefix(page.limit))
                var shown: [Int64] = []
                var seen = Set<Int64>()
                for task in work.tasks where seen.insert(task.leadID).inserted { shown.append(task.leadID) }
                work.leads = shown.isEmpty ? [:] : try visibleLeads(shown, to: user, in: tx)
            }
            var due = LeadSearch(owner: owner, order: .newest)
            due.remindBy = today
            due.openOnly = true
            work.reminders = try tx.search(due).filter {
                $0.lead.status.isOpen && ($0.lifecycle.remindOn.map { $0 <= today } ?? false)
                    && permissions.reaches(user, ownership($0.lead, $0.lifecycle))
            }
            work.reminders.sort { ($0.lifecycle.remindOn ?? "") < ($1.lifecycle.remindOn ?? "") }
            return work
        }
    }

    /// The leads of `ids` the user may see, by id, read in one query and each checked as `visibleLead` checks one.
    private func visibleLeads(_ ids: [Int64], to user: User, in tx: any LeadTransaction) throws -> [Int64: Lead] {
        var theirs = LeadSearch(order: .newest, limit: ids.count)
        theirs.ids = ids
        var leads: [Int64: Lead] = [:]
        for listing in try tx.search(theirs) where permissions.reaches(user, ownership(listing.lead, listing.lifecycle))
        {
            leads[listing.lead.id] = listing.lead
        }
        return leads
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
