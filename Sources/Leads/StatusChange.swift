import Foundation

/// A requested move to another status, with what that status needs: a reason to reject, a value to convert,
/// a date to nurture until.
public struct StatusChange: Sendable, Hashable {
    public var status: LeadStatus
    public var reason: String?
    public var value: Double?
    /// Expected close date of the opportunity (a day).
    public var closeDate: String?
    /// For `nurture`: when to come back (a day).
    public var until: String?

    public init(
        status: LeadStatus, reason: String? = nil, value: Double? = nil, closeDate: String? = nil,
        until: String? = nil
    ) {
        self.status = status
        self.reason = reason
        self.value = value
        self.closeDate = closeDate
        self.until = until
    }

    /// Checks the change against the lead's current status and the configured rejection reasons.
    /// - Returns: the reason spelled as configured (matching ignores case).
    /// - Throws: `LifecycleError` saying what to give instead.
    public func validated(from current: LeadStatus, rejectionReasons: [String]) throws(LifecycleError) -> StatusChange {
        guard current.canMove(to: status) else { throw .transition(from: current, to: status) }
        var checked = self
        switch status {
        case .rejected:
            guard let reason, !reason.isEmpty else { throw .reasonRequired(rejectionReasons) }
            guard let known = rejectionReasons.first(where: { $0.caseInsensitiveCompare(reason) == .orderedSame })
            else { throw .unknownReason(reason, rejectionReasons) }
            checked.reason = known
        case .converted:
            guard let value else { throw .valueRequired }
            guard value >= 0 else { throw .negativeValue(value) }
        case .nurture:
            guard until != nil else { throw .untilRequired }
        case .new, .contacted, .qualified:
            break
        }
        return checked
    }

    /// The change in words for the lead's log, e.g. `qualified → converted (value 12000, closes 2027-01-31)`.
    public func describe(from current: LeadStatus) -> String {
        var details: [String] = []
        if let reason { details.append("reason: \(reason)") }
        if let value { details.append("value \(Self.amount(value))") }
        if let closeDate { details.append("closes \(closeDate)") }
        if let until { details.append("until \(until)") }
        let suffix = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        return "\(current.rawValue) → \(status.rawValue)" + suffix
    }

    /// A value without a useless `.0`.
    public static func amount(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

extension StatusChange {
    /// What human contact (a logged call, a call or meeting task done) does to a lead's status: a new lead has
    /// been contacted; any other status stays. One rule for every way contact is recorded.
    public static func afterHumanContact(from status: LeadStatus) -> StatusChange? {
        status == .new ? StatusChange(status: .contacted) : nil
    }
}

extension LeadStatus {
    /// The moves the lead-management practice allows: forward through new → contacted → qualified → converted,
    /// to rejected or nurture from any open status, and back to work from nurture. Closed leads stay closed
    /// (a new enquiry opens a new lead).
    public func canMove(to next: LeadStatus) -> Bool {
        guard next != self else { return false }
        switch self {
        case .new: return true
        case .contacted: return next != .new
        case .qualified: return [.converted, .rejected, .nurture].contains(next)
        case .nurture: return [.contacted, .qualified, .converted, .rejected].contains(next)
        case .converted, .rejected: return false
        }
    }
}
