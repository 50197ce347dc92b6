import Foundation

/// A lifecycle change that cannot be made, with what to do instead.
public enum LifecycleError: Error, Sendable, Hashable, CustomStringConvertible {
    case transition(from: LeadStatus, to: LeadStatus)
    case reasonRequired([String])
    case unknownReason(String, [String])
    case valueRequired
    case negativeValue(Double)
    case untilRequired
    case badDay(String)
    case unknownPerson(String)
    case unknownTask(Int64)
    case unknownLead(Int64)
    case mergeIntoItself(Int64)
    case notRejected(Int64, LeadStatus)
    case nurtureInThePast(String)
    /// Two leads that are both converted: two opportunities, and one merged lead can hold only one value.
    case mergeOfTwoConversions(Int64, Int64)

    /// The refusal in the domain's words; shells add how to give what is missing (a flag, a form field).
    public var description: String {
        switch self {
        case .transition(let from, let to):
            "A \(from.rawValue) lead cannot become \(to.rawValue); "
                + (from.isOpen
                    ? "the allowed moves are new → contacted → qualified → converted, or rejected/nurture"
                    : "it is closed; a new enquiry opens a new lead")
        case .reasonRequired(let reasons):
            "Rejecting needs a reason, one of: \(reasons.joined(separator: ", "))"
        case .unknownReason(let reason, let reasons):
            "'\(reason)' is not a rejection reason; use one of: \(reasons.joined(separator: ", ")) "
                + "(or add it to lifecycle.rejectionReasons)"
        case .valueRequired:
            "Converting needs the opportunity's value, and usually its expected close date"
        case .negativeValue(let value):
            "The value \(value) is negative; give the opportunity's expected value"
        case .untilRequired:
            "Nurture needs the day to come back to the lead"
        case .badDay(let text):
            "'\(text)' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-01"
        case .unknownPerson(let person):
            "'\(person)' is not in any team; use a member's address or name from `teams` in leadmail.yml"
        case .unknownTask(let id):
            "There is no open task \(id)"
        case .unknownLead(let id):
            "There is no lead L\(id)"
        case .mergeIntoItself(let id):
            "L\(id) cannot be merged into itself; give two different leads"
        case .nurtureInThePast(let day):
            "\(day) has passed: nurture needs a day to come back to the lead from today on"
        case .mergeOfTwoConversions(let first, let second):
            "L\(first) and L\(second) are both converted: they are two opportunities, and a merged lead keeps "
                + "one status and one value: keep both leads"
        case .notRejected(let id, let status):
            "L\(id) is \(status.rawValue), not rejected: only a rejected lead is reopened; move an open lead on "
                + "with a status change"
        }
    }
}
