import Foundation

/// Where the shared store is: leadmail.yml's `store: postgres://USER@HOST:PORT/DB?sslmode=…`.
///
/// The URL carries no password (it is logged and shown); the password comes from `LEADMAIL_STORE_PASSWORD` or
/// from a file, and stays out of `description`. TLS is verified by default: a host that is not this machine gets
/// `sslmode=verify-full` unless the URL says otherwise.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: String
    /// Never printed: see `description`.
    public var password: String?
    /// `outboxLease=SECONDS` in the URL: how long a host's claim on a reply holds before another host may take it
    /// (`PostgresLeadStore.leaseDuration`); nil for the default.
    public var outboxLease: TimeInterval?

    /// Whether `text` names a PostgreSQL store rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// - Parameter password: the password when known; else `LEADMAIL_STORE_PASSWORD`, else the file named by
    ///   `LEADMAIL_STORE_PASSWORD_FILE`, else none (trust or peer authentication, a `.pgpass` file).
    /// - Throws: `PostgresError` when the URL is not one, or has a password in it.
    public init(
        url text: String, password: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PostgresError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text), let host = components.host,
            !host.isEmpty
        else {
            throw PostgresError(
                message: "store '\(text)' is not a PostgreSQL URL: write postgres://USER@HOST:PORT/DATABASE",
                isConfiguration: true)
        }
        guard components.password == nil else {
            throw PostgresError(
                message: "the store URL has a password in it: remove it, and give it in LEADMAIL_STORE_PASSWORD "
                    + "or a file named by LEADMAIL_STORE_PASSWORD_FILE (the URL is logged)",
                isConfiguration: true)
        }
        self.host = host
        port = components.port ?? 5432
        user = components.user ?? "leadmail"
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? "leadmail" : path
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        sslMode = query["sslmode"] ?? (Self.isLocal(host) ? "prefer" : "verify-full")
        if let lease = query["outboxLease"] {
            guard let seconds = TimeInterval(lease), seconds > 0 else {
                throw PostgresError(
                    message: "the store URL's outboxLease=\(lease) is not a number of seconds above 0",
                    isConfiguration: true)
            }
            outboxLease = seconds
        }
        if let password {
            self.password = password
        } else if let fromEnvironment = environment["LEADMAIL_STORE_PASSWORD"] {
            self.password = fromEnvironment
        } else if let file = environment["LEADMAIL_STORE_PASSWORD_FILE"] {
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                self.password = text.trimmingCharacters(in: .newlines)
            } catch {
                throw PostgresError(
                    message: "cannot read the store's password from \(file) (LEADMAIL_STORE_PASSWORD_FILE): "
                        + "\(error.localizedDescription)",
                    isConfiguration: true)
            }
        }
    }

    /// This machine: a connection that never leaves it needs no certificate to be safe.
    static func isLocal(_ host: String) -> Bool {
        host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]" || host.hasPrefix("/")
    }

    /// The URL without any password: what logs and errors show.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }

    /// libpq's connection keywords and values; bound one by one, never pasted into a conninfo string.
    var connectionParameters: [(String, String)] {
        var parameters = [
            ("host", host), ("port", String(port)), ("user", user), ("dbname", database), ("sslmode", sslMode),
            ("application_name", "leadmail"), ("connect_timeout", "10"),
            // Dates are read back as UTC text (PostgresRow.date) and sorted by the server in UTC.
            ("options", "-c TimeZone=UTC -c DateStyle=ISO"),
        ]
        if let password { parameters.append(("password", password)) }
        return parameters
    }

    /// The same server and user, another database (the tests' per-test databases).
    public func database(_ name: String) -> PostgresLocation {
        var other = self
        other.database = name
        return other
    }
}
