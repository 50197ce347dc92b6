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
}
