import Foundation
import LeadStore

extension PostgresLeadStore {
    /// Runs `body` only while this process holds PostgreSQL's session advisory lock named by `name`, taken without
    /// waiting: another host running the same work now makes this a skip (false). The lock goes with the
    /// connection, so a host that dies or loses the database mid-way frees it.
    public func exclusively(_ name: String, _ body: () throws -> Void) throws -> Bool {
        let connection = try checkOut()
        let taken = try connection.query("SELECT pg_try_advisory_lock(hashtext($1)) AS taken", [name]).first?
            .bool("taken")
        guard taken == true else {
            checkIn(connection)
            return false
        }
        defer {
            _ = try? connection.query("SELECT pg_advisory_unlock(hashtext($1))", [name])
            checkIn(connection)
        }
        try body()
        return true
    }
}
