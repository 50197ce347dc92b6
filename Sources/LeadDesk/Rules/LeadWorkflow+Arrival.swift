import Foundation
import LeadStore
import Leads

extension LeadWorkflow {
    /// The open leads per owner and round-robin turns that one batch of intake hands its new leads out by: read
    /// from the store at the batch's first new lead and kept up to date as leads are assigned, as `catchUp` keeps
    /// its own for a slice of leads. Lives for one batch, on the thread that records it.
    public final class ArrivalBatch {
        var state: AssignmentState?

        public init() {}
    }

    /// Who will answer a lead: the owner the rules gave it, as automatic replies name them.
    public struct ArrivalOwner: Sendable, Hashable {
        public var email: String
        /// The name the `teams` list gives that person, if any.
        public var name: String?

        public init(email: String, name: String?) {
            self.email = email
            self.name = name
        }
    }

    /// Runs the intake rules (score, owner, follow-up, the owner's notice) for a lead created just now, before its
    /// automatic reply is rendered, so that the reply names the person who will actually answer (`{{ownerName}}`)
    /// instead of "a member of our sales team". Written in the caller's transaction, like the lead itself; the lead
    /// is then no longer pending, and the batch's `catchUp` leaves it alone.
    ///
    /// Without `teams` and `assignment` rules nobody could be named, and the lead is left to the batch's (or the
    /// backlog's) `catchUp`, which scores a contact's enquiries of a whole backlog at once.
    ///
    /// - Returns: the lead's owner after the rules, or nil when they gave it none (no team takes it).
    public func assignOnArrival(leadID: Int64, now: Date, batch: ArrivalBatch) throws -> ArrivalOwner? {
        guard !settings.teams.isEmpty, !settings.assignment.isEmpty else { return nil }
        guard let item = try store.workflowItem(leadID: leadID), item.isNew else { return nil }
        var state = try batch.state ?? AssignmentState(store: store, teams: settings.teams)
        let update = try update(for: item, now: now, state: &state)
        try store.apply(update, at: now)
        batch.state = state
        guard let owner = update.owner?.email ?? item.lifecycle.owner else { return nil }
        return ArrivalOwner(email: owner, name: settings.assigner.person(named: owner)?.name)
    }
}
