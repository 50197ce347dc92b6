import LeadStore
import Leads

extension LeadDesk {
    /// Pings whenever leads changed anywhere (another host, a command), for a page that offers to show the
    /// change; nil when the store cannot tell (SQLite). Carries no lead's data: what the page then shows is read
    /// again through this desk, with `user`'s rights.
    /// - Throws: `PermissionDenied` when `user` may not see leads.
    public func changes(by user: User) throws -> AsyncStream<Void>? {
        try permissions.check(.view, by: user)
        return (records as? any StoreChangeFeed)?.leadChanges()
    }
}
