import Foundation

/// How the test SMTP server should misbehave, so tests can exercise a relay's refusals for real.
public enum SMTPRule: Sendable, Hashable {
    /// Answer `RCPT TO` with `code message` for that recipient (case-insensitive), or for every one when `nil`.
    case reject(recipient: String?, code: Int, message: String)
    /// Answer `MAIL FROM` with `code message`.
    case rejectSender(code: Int, message: String)
    /// Accept the recipients but answer the end of DATA with `code message` (the message is not saved).
    case rejectData(code: Int, message: String)
    /// Answer every `RCPT TO` with `504 5.5.2 <name>: Helo command rejected: need fully-qualified hostname` when
    /// the client's EHLO name has no dot, as Postfix does with `reject_non_fqdn_helo_hostname`.
    case rejectNonFQDNHelo

    /// The JSON object smtp_sink.py reads from its rules file.
    var json: [String: Any] {
        switch self {
        case .reject(let recipient, let code, let message):
            return [
                "stage": "rcpt", "recipient": recipient.map { $0 as Any } ?? NSNull(),
                "code": code, "message": message,
            ]
        case .rejectSender(let code, let message):
            return ["stage": "mail", "code": code, "message": message]
        case .rejectData(let code, let message):
            return ["stage": "data", "code": code, "message": message]
        case .rejectNonFQDNHelo:
            return [
                "stage": "rcpt", "nonFqdnHelo": true, "recipient": NSNull(), "code": 504,
                "message": "5.5.2 Helo command rejected: need fully-qualified hostname",
            ]
        }
    }
}
