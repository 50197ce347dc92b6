internal import CLibPQ
import Foundation

/// One libpq connection: statements with their parameters bound apart from the SQL text, never pasted in, and
/// prepared once per connection (`PQprepare`, then `PQexecPrepared`), so the server parses and plans each of the
/// store's statements once instead of at every call. Used by one thread at a time: the pool hands it out and takes
/// it back.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    public let location: PostgresLocation
    /// The statements prepared on this connection, by SQL text, with their names (`s1`, `s2` …).
    private var prepared: [String: String] = [:]
    /// Statements prepared so far, which names the next one: a name is never used twice on a connection.
    private var preparedCount = 0
    /// The most statements kept prepared: the store's are a few hundred texts; a query built from many filters
    /// beyond that runs unprepared rather than filling the server's memory.
    static let preparedLimit = 1_000

    /// Connects; the error says what to do when the server is down, the database missing or the password wrong.
    public init(_ location: PostgresLocation) throws(PostgresError) {
        self.location = location
        let parameters = location.connectionParameters
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer { for pointer in keywords + values { free(pointer) } }
        let connection = keywords.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { keywordPointers in
            values.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let connection else {
            throw PostgresError(message: "libpq could not allocate a connection to \(location)")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw Self.connectionError(reason, location)
        }
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// The server's complaint at connecting, said as what to check.
    static func connectionError(_ reason: String, _ location: PostgresLocation) -> PostgresError {
        let at = "PostgreSQL at \(location.host):\(location.port)"
        let message: String
        if reason.contains("Connection refused") {
            return PostgresError(message: "\(at) refused the connection: is it running? (\(reason))")
        } else if reason.contains("password authentication failed") || reason.contains("no password supplied") {
            message =
                "\(at) did not accept user \(location.user): check the user and the password "
                + "(LEADMAIL_STORE_PASSWORD or LEADMAIL_STORE_PASSWORD_FILE)"
        } else if reason.contains("database \"\(location.database)\" does not exist") {
            message =
                "\(at) has no database \(location.database): create it (createdb -O \(location.user) "
                + "\(location.database))"
        } else if reason.contains("certificate") || reason.contains("SSL") {
            message =
                "\(at): TLS failed with sslmode=\(location.sslMode) (\(reason)); the store URL's sslmode "
                + "and the server's certificate must match"
        } else {
            return PostgresError(message: "cannot connect to \(location): \(reason)")
        }
        return PostgresError(message: message, isConfiguration: true)
    }

    /// Waits up to `milliseconds` for notifications of the channels this connection `LISTEN`s to, on its socket
    /// (`poll`, `PQconsumeInput`, `PQnotifies`), and returns their channels: empty when none came in time.
    /// Blocks its thread: call it from a thread of its own, never from Swift's cooperative pool.
    /// - Throws: `PostgresError` when the connection broke (the server restarted): open a new one.
    func notifications(waiting milliseconds: Int32) throws(PostgresError) -> [String] {
        var channels = Self.pendingNotifications(handle)
        guard channels.isEmpty else { return channels }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError(message: "the listening connection to \(location) is closed") }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return [] }
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(message: String(cString: PQerrorMessage(handle)))
        }
        channels = Self.pendingNotifications(handle)
        return channels
    }

    private static func pendingNotifications(_ handle: OpaquePointer) -> [String] {
        var channels: [String] = []
        while let notification = PQnotifies(handle) {
            channels.append(String(cString: notification.pointee.relname))
            PQfreemem(notification)
        }
        return channels
    }

    /// Whether the connection still works (false after the server restarted under it).
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement with `parameters` bound to `$1`, `$2` …; a nil parameter is NULL.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws(PostgresError)
        -> PostgresRows
    {
        let texts = parameters.map { $0?.postgresText }
        let copies: [UnsafeMutablePointer<CChar>?] = texts.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in copies { free(pointer) } }
        let name = try preparedName(sql, parameterCount: copies.count)
        let result = copies.map { $0.map { UnsafePointer($0) } }.withUnsafeBufferPointer { pointers in
            if let name {
                PQexecPrepared(handle, name, Int32(pointers.count), pointers.baseAddress, nil, nil, 0)
            } else {
                PQexecParams(handle, sql, Int32(pointers.count), nil, pointers.baseAddress, nil, nil, 0)
            }
        }
        do {
            return try Self.checked(result, handle)
        } catch  where error.sqlState == "0A000" && name != nil {
            // "cached plan must not change result type": another host's migration changed a table under a
            // prepared statement. The transaction has failed; its retry prepares every statement afresh, under new
            // names (the old ones cannot be dropped inside the failed transaction).
            prepared = [:]
            throw error
        }
    }

    /// The name `sql` is prepared under on this connection, preparing it at its first use; nil past the limit.
    private func preparedName(_ sql: String, parameterCount: Int) throws(PostgresError) -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        preparedCount += 1
        let name = "s\(preparedCount)"
        _ = try Self.checked(PQprepare(handle, name, sql, Int32(parameterCount), nil), handle)
        prepared[sql] = name
        return name
    }

    /// Runs statements without parameters, several separated by semicolons (migrations, BEGIN, COMMIT).
    public func execute(_ sql: String) throws(PostgresError) {
        _ = try Self.checked(PQexec(handle, sql), handle)
    }

    private static func checked(_ result: OpaquePointer?, _ handle: OpaquePointer) throws(PostgresError)
        -> PostgresRows
    {
        guard let result else {
            throw PostgresError(message: String(cString: PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            var message = String(cString: PQresultErrorMessage(result))
            if message.isEmpty { message = String(cString: PQerrorMessage(handle)) }
            PQclear(result)
            throw PostgresError(sqlState: state, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return PostgresRows(result)
    }
}

/// The rows a statement returned, read by column name; freed with the value.
public final class PostgresRows {
    private let result: OpaquePointer
    public let count: Int
    private var columns: [String: Int32] = [:]

    init(_ result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        for index in 0..<PQnfields(result) {
            columns[String(cString: PQfname(result, index))] = index
        }
    }

    deinit { PQclear(result) }

    /// How many rows an UPDATE, INSERT or DELETE touched.
    public var affected: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    public subscript(row: Int) -> PostgresRow { PostgresRow(rows: self, index: Int32(row)) }

    public var first: PostgresRow? { count > 0 ? self[0] : nil }

    public func map<T>(_ transform: (PostgresRow) throws -> T) rethrows -> [T] {
        try (0..<count).map { try transform(self[$0]) }
    }

    fileprivate func text(_ row: Int32, _ column: String) -> String? {
        guard let index = columns[column] else {
            preconditionFailure("column \(column) is not in the statement's result")
        }
        return text(row, index)
    }

    fileprivate func text(_ row: Int32, _ column: Int32) -> String? {
        guard PQgetisnull(result, row, column) == 0 else { return nil }
        return String(cString: PQgetvalue(result, row, column))
    }
}

/// One row of `PostgresRows`, its values in PostgreSQL's text format turned into Swift's.
public struct PostgresRow {
    fileprivate let rows: PostgresRows
    fileprivate let index: Int32

    public func string(_ column: String) -> String? { rows.text(index, column) }
    public func string(at column: Int) -> String? { rows.text(index, Int32(column)) }
    public func int64(_ column: String) -> Int64? { string(column).flatMap { Int64($0) } }
    public func int64(at column: Int) -> Int64? { string(at: column).flatMap { Int64($0) } }
    public func int(_ column: String) -> Int? { string(column).flatMap { Int($0) } }
    public func double(_ column: String) -> Double? { string(column).flatMap { Double($0) } }
    public func bool(_ column: String) -> Bool? { string(column).map { $0 == "t" } }
    public func bool(at column: Int) -> Bool? { string(at: column).map { $0 == "t" } }
    public func date(_ column: String) -> Date? { string(column).flatMap(PostgresDate.parse) }
    public func date(at column: Int) -> Date? { string(at: column).flatMap(PostgresDate.parse) }

    /// A `bytea` column (text format `\x…` hex).
    public func bytes(_ column: String) -> [UInt8]? {
        guard let text = string(column) else { return nil }
        var bytes: [UInt8] = []
        let digits = Array(text.utf8.dropFirst(2))
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            bytes.append(Self.nibble(digits[index]) << 4 | Self.nibble(digits[index + 1]))
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: digit - UInt8(ascii: "A") + 10
        }
    }
}
