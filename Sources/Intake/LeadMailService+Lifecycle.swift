import Foundation
import Leads

extension LeadMailService {
    /// The lead rules that depend on the time, not on a message: catch-up, overdue reassignment, morning digest.
    /// A failure is logged and tried again on the next wake; it never stops intake. The catch-up is this host's;
    /// the timed rules run on one host at a time of those that share a store (`LeadStore.exclusively`).
    func sweepLeads() {
        do {
            let workflow = pipeline.workflow
            let now = pipeline.clock()
            try workflow.catchUp(now: now)
            _ = try store.exclusively("leadmail timed lead rules") {
                _ = try workflow.reassignOverdue(now: now)
                _ = try workflow.fireReminders(now: now)
                _ = try workflow.sendDigests(now: now)
            }
        } catch {
            logger.error("lead rules (overdue, digest) failed and will run again: \(error)")
        }
    }

    /// `sweepLeads` on a thread of its own: the sweep waits for the store, which must not hold a thread of
    /// Swift's cooperative pool.
    func sweepLeadsOffThePool() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Self.rulesQueue.async {
                sweepLeads()
                done.resume()
            }
        }
    }

    private static let rulesQueue = DispatchQueue(label: "leadmail.lead-rules", qos: .utility)
}
