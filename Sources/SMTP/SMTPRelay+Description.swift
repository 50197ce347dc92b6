import Foundation

extension SMTPRelay: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `smtp://sales@mail.example.com:587 (STARTTLS required)`: safe to log, never shows the password.
    public var description: String {
        var text = url
        if let username, let schemeEnd = text.range(of: "://") {
            let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
            text.insert(contentsOf: user + "@", at: schemeEnd.upperBound)
        }
        if scheme == "smtps" {
            text += " (implicit TLS)"
        } else {
            text += requireTLS ? " (STARTTLS required)" : " (STARTTLS if offered)"
        }
        if password != nil { text += " with password" }
        return text
    }

    public var debugDescription: String {
        "SMTPRelay(\(description), caFile: \(caFile ?? "system"), connectTimeout: \(connectTimeout), "
            + "timeout: \(timeout))"
    }

    /// Keeps the password out of `dump(_:)` and debugger views.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url,
                "username": username as Any,
                "password": password == nil ? "nil" : "<redacted>",
                "caFile": caFile as Any,
                "requireTLS": requireTLS,
                "connectTimeout": connectTimeout,
                "timeout": timeout,
                "authMechanism": authMechanism as Any,
            ])
    }
}
