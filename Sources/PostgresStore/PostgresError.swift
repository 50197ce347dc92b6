/// What went wrong talking to PostgreSQL, in words that say what to do about it.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server's SQLSTATE code for a failed statement ("23505": a unique key taken), nil for a connection
    /// failure.
    public var sqlState: String?
    public var message: String

    public init(sqlState: String? = nil, message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { message }

    /// A row with this key exists already (unique_violation).
    var isUniqueViolation: Bool { sqlState == "23505" }
    /// The transaction lost a race with another one and may simply be run again (serialization failure,
    /// deadlock).
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The connection itself broke (the server restarted, the network dropped): a new one may work.
    var isConnectionLost: Bool { sqlState == nil || sqlState?.hasPrefix("08") == true || sqlState == "57P01" }
}
