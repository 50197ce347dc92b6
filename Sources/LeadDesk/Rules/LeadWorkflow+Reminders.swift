import Foundation
import LeadStore
import Leads

/// Reminders coming due: a lead back from nurture, or one someone asked to be reminded of.
extension LeadWorkflow {
    /// Turns each reminder whose day has come into a task for the lead's owner, due that day, so that it is on
    /// the owner's `leads due` list and in the morning digest; the lead's log says why. Each reminder fires
    /// once: its day is cleared when the task is made. Returns the leads handled.
    @discardableResult
    public func fireReminders(now: Date) throws -> [Int64] {
        let today = calendar.day(of: now)
        var updates: [LeadUpdate] = []
        for listing in try store.dueReminders(through: today) {
            guard let day = listing.lifecycle.remindOn else { continue }
            let lead = listing.lead
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            update.reminderFired = true
            update.newTasks = [.init(kind: lead.phone == nil ? .email : .call, due: day)]
            let why =
                lead.status == .nurture && listing.lifecycle.nurtureUntil == day
                ? "back from nurture (until \(day))" : "reminder day \(day) has come"
            let owner = listing.lifecycle.owner.map { " for \($0)" } ?? " (no owner: assign it by hand)"
            update.events = [(.reminder, "\(why): task due \(day)\(owner)")]
            updates.append(update)
            logger.info("\(lead.number): \(why)")
        }
        try store.apply(all: updates, at: now)
        return updates.map(\.leadID)
    }
}
