/// The web workspace (leadmail.yml's `web` key): where `leadmail serve` listens and the address staff open.
///
/// ```yaml
/// web: {listen: "127.0.0.1:8080", baseURL: "https://leads.example.com"}
/// ```
public struct WebSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The address staff open (behind a TLS proxy in production); https makes the session cookie `Secure`.
    public var baseURL: String

    public init(host: String = "127.0.0.1", port: Int = 8080, baseURL: String? = nil) {
        self.host = host
        self.port = port
        self.baseURL = baseURL ?? "http://\(host):\(port)"
    }
}
