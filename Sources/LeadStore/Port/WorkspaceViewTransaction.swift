import Foundation
import Leads

/// A person's own named list in the web workspace: the list's query as its page has it (filters, order, columns).
public struct SavedView: Sendable, Hashable {
    public var id: Int64
    public var userID: Int64
    public var name: String
    /// The list's query string, e.g. `status=qualified&sort=newest&cols=name,company`.
    public var query: String
    public var createdAt: Date

    public init(id: Int64 = 0, userID: Int64, name: String, query: String, createdAt: Date) {
        self.id = id
        self.userID = userID
        self.name = name
        self.query = query
        self.createdAt = createdAt
    }
}

/// What `LeadTransaction` offers the web workspace's lists (schema v13): who opened which lead, and saved views.
public protocol WorkspaceViewTransaction {
    /// Whether `reader` has opened the lead (a lead is unread for its owner until then).
    func wasOpened(leadID: Int64, by reader: String) throws -> Bool
    /// Notes that `reader` opened the lead (the first time counts; later calls change nothing).
    func markOpened(leadID: Int64, by reader: String, at now: Date) throws
    /// The user's saved views, by name.
    func savedViews(userID: Int64) throws -> [SavedView]
    /// Saves the view, replacing the user's view of the same name; returns it with its id.
    func saveView(_ view: SavedView) throws -> SavedView
    /// Deletes the user's view; false when the user has no view with that id.
    func deleteView(id: Int64, userID: Int64) throws -> Bool
}
