import Foundation

/// Where and how to hand outgoing mail to an SMTP server, parsed and checked once at start-up.
///
/// Written as a URL: `smtp://user:pass@mail.example.com:587` (submission with STARTTLS) or
/// `smtps://mail.example.com:465` (implicit TLS). Credentials are percent-decoded and kept out of `url` and
/// out of every description, so the relay can be logged safely.
public struct SMTPRelay: Sendable, Hashable {
    /// The relay URL without credentials, e.g. `smtp://mail.example.com:587`.
    public var url: String
    /// The login name, when the relay needs authentication.
    public var username: String?
    /// The password; never printed.
    public var password: String?
    /// A PEM bundle of CA certificates to trust instead of the system's, for relays with a private CA.
    public var caFile: String?
    /// Whether the connection must be encrypted. Always true for smtps://; for smtp:// true (STARTTLS required)
    /// unless the host is loopback or plaintext was explicitly allowed.
    public var requireTLS: Bool
    /// How long to wait for the TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// The longest time one message may take, connection included.
    public var timeout: Duration
    /// Forces AUTH PLAIN or AUTH LOGIN; nil lets libcurl choose among what the relay offers.
    public var authMechanism: SMTPAuthMechanism?
    /// The name said in EHLO. Relays with `reject_non_fqdn_helo_hostname` refuse a short one (`EHLO vm`), so it
    /// is a fully qualified name: by default `HeloName.default(fallbackDomain:)`.
    public var heloName: String

    /// Parses and validates a relay URL.
    ///
    /// - Parameters:
    ///   - url: `smtp://[user[:password]@]host[:port]` or `smtps://…`; user and password percent-encoded.
    ///   - password: Overrides a password in the URL (e.g. read from an environment variable or a file).
    ///   - caFile: See `caFile`.
    ///   - allowPlaintext: Allows an unencrypted smtp:// connection to a non-loopback host (not recommended).
    ///   - authMechanism: See `authMechanism`.
    ///   - heloName: See `heloName`.
    /// - Throws: `TransportError` of kind `.configuration` saying what is wrong with the URL.
    public init(
        url: String, password: String? = nil, caFile: String? = nil, allowPlaintext: Bool = false,
        connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
        authMechanism: SMTPAuthMechanism? = nil, heloName: String? = nil
    ) throws(TransportError) {
        let text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: text), components.scheme != nil else {
            throw Self.invalid("'\(Self.redacted(text))' is not a valid URL")
        }
        let scheme = (components.scheme ?? "").lowercased()
        guard scheme == "smtp" || scheme == "smtps" else {
            throw Self.invalid("the scheme '\(scheme)' is not supported")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Self.invalid("'\(Self.redacted(text))' has no host name")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw Self.invalid("the port \(port) is out of range")
        }
        guard connectTimeout > .zero, timeout > .zero else {
            throw Self.invalid("timeouts must be positive")
        }
        components.scheme = scheme
        let decodedUser = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let decodedPassword = components.password
        components.user = nil
        components.password = nil
        guard let cleanURL = components.string else {
            throw Self.invalid("'\(Self.redacted(text))' could not be rebuilt without its credentials")
        }

        self.url = cleanURL
        self.username = decodedUser
        self.password = password ?? decodedPassword
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.authMechanism = authMechanism
        let helo = (heloName ?? HeloName.default(fallbackDomain: nil)).trimmingCharacters(in: .whitespaces)
        guard !helo.isEmpty, helo.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0 != "/" }) else {
            throw Self.invalid("the EHLO name '\(helo)' must be a host name such as mail.example.com")
        }
        self.heloName = helo
        self.requireTLS = scheme == "smtps" || !(allowPlaintext || Self.isLoopback(host))
    }

    /// `smtps` (TLS from the first byte) or `smtp` (plaintext, upgraded with STARTTLS).
    public var scheme: String {
        url.prefix { $0 != ":" }.lowercased()
    }

    /// Whether the host is this machine (127.0.0.0/8, ::1, localhost), where plaintext cannot be sniffed.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    private static func invalid(_ problem: String) -> TransportError {
        TransportError(
            kind: .configuration,
            message: "Invalid SMTP relay: \(problem). Use smtp://user:password@host:587 (STARTTLS) or "
                + "smtps://user:password@host:465 (implicit TLS), percent-encoding special characters."
        )
    }

    /// A relay URL with the password of its user information replaced by `***` (`smtp://user:***@host`), the
    /// user kept; a URL without a password comes back as it is. For summaries and logs that name the relay.
    public static func maskingPassword(in text: String) -> String {
        guard let start = text.range(of: "//") else { return text }
        let authorityEnd = text[start.upperBound...].firstIndex(of: "/") ?? text.endIndex
        guard let at = text[start.upperBound..<authorityEnd].lastIndex(of: "@"),
            let colon = text[start.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return String(text[...colon]) + "***" + String(text[at...])
    }

    /// The text with anything between `//` and `@` replaced, for error messages about unparsable URLs.
    private static func redacted(_ text: String) -> String {
        guard let start = text.range(of: "//"),
            let at = text[start.upperBound...].lastIndex(of: "@")
        else { return text }
        return String(text[..<start.upperBound]) + "***" + String(text[at...])
    }
}
