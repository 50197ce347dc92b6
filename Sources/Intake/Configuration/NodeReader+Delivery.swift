import SMTP
import Yams

extension NodeReader {
    static let deliveryKeys: Set<String> = [
        "perRecipientReplyLimit", "perRecipientReplyWindow", "maxRepliesPerHour", "outboxDeadline",
        "relayConnectTimeout", "relayTimeout", "relayAuth", "storeBusyTimeout",
    ]

    /// The delivery keys of leadmail.yml, each checked to be a non-negative (or positive) number.
    mutating func deliverySettings(_ root: Node.Mapping) -> DeliverySettings {
        var settings = DeliverySettings()
        func number(_ key: String, positive: Bool) -> Double? {
            guard let value = double(root, key, path: key) else { return nil }
            if positive ? value <= 0 : value < 0 {
                problem(key, root[key], positive ? "must be a positive number" : "must be 0 or more")
                return nil
            }
            return value
        }
        if let value = number("perRecipientReplyLimit", positive: false) {
            settings.perRecipientReplyLimit = Int(value)
        }
        if let value = number("perRecipientReplyWindow", positive: true) {
            settings.perRecipientReplyWindowHours = value
        }
        if let value = number("maxRepliesPerHour", positive: false) { settings.maxRepliesPerHour = Int(value) }
        if let value = number("outboxDeadline", positive: true) { settings.outboxDeadlineHours = value }
        if let value = number("relayConnectTimeout", positive: true) { settings.relayConnectTimeout = value }
        if let value = number("relayTimeout", positive: true) { settings.relayTimeout = value }
        if let value = number("storeBusyTimeout", positive: true) { settings.storeBusyTimeout = value }
        if let raw = string(root, "relayAuth", path: "relayAuth") {
            if let mechanism = SMTPAuthMechanism(rawValue: raw.lowercased()) {
                settings.relayAuth = mechanism
            } else {
                problem("relayAuth", root["relayAuth"], "must be plain or login (or left out to let libcurl choose)")
            }
        }
        return settings
    }
}
