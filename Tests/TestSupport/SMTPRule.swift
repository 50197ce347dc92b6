import Foundation

/// How the test SMTP server should misbehave, so tests can exercise a relay's refusals for real.
public enum SMTPRule: Sendable, Hashable {
    /// Answer `RCPT TO` with `code message` for that recipient (case-insensitive), or for every one when `nil`.
    case reject(recipient: String?, code: Int, message: String)
    /// Answer `MAIL FROM` with `code message`.
    case rejectSender(code: Int, message: String)
    /// Accept the recipients but answer the end of DATA with `code message` (the message is not saved).
    case rejectData(code: Int, message: String)

    /// The JSON object smtp_sink.py reads from its rules file.
    var json: [String: Any] {
        switch self {
        case let .reject(recipient, code, message):
            return ["stage": "rcpt", "recipient": recipient.map { $0 as Any } ?? NSNull(),
                    "code": code, "message": message]
        case let .rejectSender(code, message):
            return ["stage": "mail", "code": code, "message": message]
        case let .rejectData(code, message):
            return ["stage": "data", "code": code, "message": message]
        }
    }
}
