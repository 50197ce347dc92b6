import Foundation
import Leads

extension LeadMailService {
    /// The lead rules that depend on the time, not on a message: catch-up, overdue reassignment, morning digest.
    /// A failure is logged and tried again on the next wake; it never stops intake.
    func sweepLeads() {
        do {
            try pipeline.workflow.sweep(now: pipeline.clock())
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
