/// What went wrong talking to PostgreSQL, in words that say what to do about it.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server's SQLSTATE code for a failed statement ("23505": a unique key taken), nil for a connection
    /// failure.
    public var sqlState: String?
    public var message: String
    /// The set-up must be fixed (the URL, the user or password, the database's name, TLS): waiting and trying
    /// again will not help. A supervisor is told so by the exit code (78, not 75).
    public var isConfiguration: Bool

    public init(sqlState: String? = nil, message: String, isConfiguration: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.isConfiguration = isConfiguration
    }

    public var description: String { message }

    /// A row with this key exists already (unique_violation).
    var isUniqueViolation: Bool { sqlState == "23505" }
    /// The transaction lost a race with another one and may simply be run again (serialization failure,
    /// deadlock).
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The connection itself broke (the server restarted, the network dropped): a new one may work.
    /// (57P01: the server is shutting down; 57P02/57P03: it crashed, or is starting and cannot take one yet.)
    public var isConnectionLost: Bool {
        !isConfiguration
            && (sqlState == nil || sqlState?.hasPrefix("08") == true || sqlState == "57P01" || sqlState == "57P02"
                || sqlState == "57P03")
    }
}
