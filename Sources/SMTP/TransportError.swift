/// Why a message was not accepted, and whether trying again later can help.
public struct TransportError: Error, CustomStringConvertible, Sendable, Hashable {
    /// How the caller should react.
    public enum Kind: String, Sendable, Hashable {
        /// Retry later: the relay was unreachable, timed out, or answered 4xx.
        case temporary
        /// Do not retry this message: the relay answered 5xx (e.g. no such recipient).
        case permanent
        /// Nothing will work until the configuration is fixed: bad URL, login denied, TLS unavailable.
        case configuration
    }

    /// Whether to retry, give up on the message, or fix the configuration.
    public var kind: Kind
    /// What happened and what to do, in words for the person running LeadMail.
    public var message: String
    /// The SMTP server's reply line when there was one, e.g. `550 5.1.1 <x@example.com>: no such user`.
    public var serverReply: String?
    /// The SMTP reply code (451, 550, …) when the server answered.
    public var responseCode: Int?

    public init(kind: Kind, message: String, serverReply: String? = nil, responseCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.serverReply = serverReply
        self.responseCode = responseCode
    }

    public var description: String {
        var text = "SMTP \(kind.rawValue) error: \(message)"
        if let serverReply, !message.contains(serverReply) {
            text += " (server replied: \(serverReply))"
        }
        return text
    }

    /// Whether sending the same message again later may succeed.
    public var isRetryable: Bool { kind == .temporary }
}
