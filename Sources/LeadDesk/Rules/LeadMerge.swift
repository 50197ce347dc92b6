import Foundation
import LeadStore
import Leads

/// What a merged lead keeps of two leads that were one person: the work done on either is never lost.
///
/// The furthest-along lead decides the status, with what that status carries (value, close date, rejection
/// reason, nurture day), its owner and where it came from (source, campaign, created date), so that a report
/// counts the same conversions in the same lines after the merge as before it. The better rating of the two is
/// kept; tasks, tags and both logs move over in the store's merge. Two conversions are two opportunities and are
/// refused: one lead holds one value.
struct LeadMerge {
    /// The change to apply to the kept lead after the store folded the other into it.
    let update: LeadUpdate

    /// How far along the sales process a status is: a conversion beats every other state, open work beats a
    /// parked (nurture) lead, and a rejected lead gives way to any open one (the person is back).
    static func progress(_ status: LeadStatus) -> Int {
        switch status {
        case .rejected: 0
        case .new: 1
        case .nurture: 2
        case .contacted: 3
        case .qualified: 4
        case .converted: 5
        }
    }

    /// A rating's rank: A (large project) is best; any rating beats none.
    static func rank(_ rating: LeadRating?) -> Int {
        switch rating {
        case .a: 4
        case .b: 3
        case .c: 2
        case .d: 1
        case nil: 0
        }
    }

    /// - Throws: `LifecycleError.mergeOfTwoConversions` when both leads are converted.
    init(
        keep: (lead: Lead, lifecycle: LeadLifecycle), other: (lead: Lead, lifecycle: LeadLifecycle), by actor: String
    ) throws(LifecycleError) {
        if keep.lead.status == .converted, other.lead.status == .converted {
            throw .mergeOfTwoConversions(other.lead.id, keep.lead.id)
        }
        var update = LeadUpdate(leadID: keep.lead.id, by: actor)
        if Self.progress(other.lead.status) > Self.progress(keep.lead.status) {
            let life = other.lifecycle
            update.status = (
                StatusChange(
                    status: other.lead.status, reason: life.rejectReason, value: life.value,
                    closeDate: life.closeDate, until: life.nurtureUntil),
                keep.lead.status
            )
            if let owner = life.owner, owner != keep.lifecycle.owner {
                update.owner = .init(
                    email: owner, team: life.team, reason: "kept from \(other.lead.number), the furthest along")
            }
            update.origin = .init(
                source: other.lead.source, campaign: other.lead.campaign, createdAt: other.lead.createdAt,
                from: other.lead.number)
        } else if keep.lifecycle.owner == nil, let owner = other.lifecycle.owner {
            update.owner = .init(email: owner, team: other.lifecycle.team, reason: "kept from \(other.lead.number)")
        }
        if Self.rank(other.lifecycle.rating) > Self.rank(keep.lifecycle.rating) {
            update.rating = other.lifecycle.rating
        }
        self.update = update
    }
}
