import Foundation
import Leads

/// How intake decides who wrote and who hears back: the `intake` section of leadmail.yml.
public struct IntakeSettings: Sendable {
    /// A contact who had an automatic reply within this window gets no second one for a new lead, so a customer
    /// writing again next week is not greeted as a stranger (`intake.repeatReplyDays`, default 7).
    public var repeatReplyWindow: TimeInterval = 7 * 24 * 3600
    /// A message older than this, by its Date or by when it reached the mailbox, gets no automatic reply: a
    /// backfill of last year's mail must not thank anyone for their email of last March
    /// (`intake.replyMaxAgeDays`, default 3; nil for no limit). It is still recorded, with the reason in its log.
    public var replyMaxAge: TimeInterval? = 3 * 24 * 3600
    /// Send the colleague who passed an enquiry on a confirmation with the lead's number (`intake.confirmForwards`,
    /// default true); the enquirer never gets an automatic reply for a forwarded lead.
    public var confirmForwards = true
    /// Add `[#L123]` to the subject of our replies, so an answer whose threading headers were stripped still
    /// finds its lead (`intake.subjectToken`, default true).
    public var subjectToken = true
    /// When two addresses are the same contact (`intake.contactMatching`: `plusTags`, `gmailDots`).
    public var contactMatching = ContactMatching.default
    /// The country of phone numbers written without a calling code (`intake.defaultCountry`, default GB).
    public var defaultCountry = "GB"
    /// Give recorded messages the maildir `S` (seen) flag as they move to cur/ (`intake.markSeen`, default false):
    /// the store keeps its own record of what it has taken, so the flag is only for staff who want LeadMail's
    /// messages shown as read in their mail clients; off, every enquiry stays unread for them.
    public var markSeen = false

    public init() {}
}
