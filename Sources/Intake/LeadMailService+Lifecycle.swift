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

    /// The lead rules for the leads that messages touched since they last ran (after `ingest`'s whole backlog).
    func catchUpLeads() {
        do {
            try pipeline.workflow.catchUp(now: pipeline.clock())
        } catch {
            logger.error("lead rules (score, owner, follow-up) failed and will run again: \(error)")
        }
    }
}
