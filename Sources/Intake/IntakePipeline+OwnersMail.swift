import Foundation
import LeadStore
import Leads
import MIME

/// A salesperson's own mail to a lead, with the shared address in Cc or Bcc, outside any thread LeadMail knows
/// (a new mail rather than a reply): it still belongs on that lead, and it completes the follow-up.
extension IntakePipeline {
    /// The open lead this mail answers, matched when its sender is the lead's owner and one of its recipients is
    /// the lead's address; nil for any other mail (checked only for mail from a colleague, so it costs nothing for
    /// enquiries).
    func ownersLead(for message: Message, verdict: ReplyPolicy.Verdict) throws -> Int64? {
        guard case .ours(let sender) = verdict, policy.isColleague(sender) else { return nil }
        let recipients = Set((message.to + message.cc).map { EmailAddress.normalised($0.address) })
        guard !recipients.isEmpty else { return nil }
        return try store.search(LeadSearch(owner: sender, order: .newest)).first {
            $0.lead.status.isOpen && recipients.contains(EmailAddress.normalised($0.lead.email))
        }?.lead.id
    }
}
