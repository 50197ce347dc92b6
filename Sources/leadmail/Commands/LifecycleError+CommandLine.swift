import Leads

extension LifecycleError {
    /// The core's refusal with the command line's way of giving what is missing.
    var commandLineDescription: String {
        switch self {
        case .reasonRequired(let reasons):
            "Rejecting needs --reason, one of: \(reasons.joined(separator: ", "))"
        case .valueRequired:
            "Converting needs --value (the opportunity's value) and usually --close-date YYYY-MM-DD"
        case .untilRequired:
            "Nurture needs --until YYYY-MM-DD: the day to come back to the lead"
        case .unknownTask:
            "\(description); `leadmail leads due` lists the open tasks"
        case .unknownLead:
            "\(description); `leadmail leads list` shows the leads there are"
        default:
            description
        }
    }
}
