import Foundation

/// Where the workspace listens and the address people open it at (leadmail.yml's `web` key).
public struct WebOptions: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The address staff open, e.g. `https://leads.example.com`; an https one makes the session cookie `Secure`.
    public var baseURL: String

    public init(host: String = "127.0.0.1", port: Int = 8080, baseURL: String = "http://127.0.0.1:8080") {
        self.host = host
        self.port = port
        self.baseURL = baseURL
    }

    /// Whether cookies must only travel over TLS.
    public var isSecure: Bool { baseURL.lowercased().hasPrefix("https://") }
}
