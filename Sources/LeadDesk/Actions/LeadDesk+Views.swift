import Foundation
import LeadStore
import Leads

/// What the workspace's lists remember per person: which leads their owner has read, and saved views.
extension LeadDesk {
    /// The lead as `lead(_:by:)` gives it, noting that its owner has now read it when `user` is the owner (a
    /// lead is unread for its owner until opened; a new owner starts unread).
    public func open(_ leadID: Int64, by user: User) async throws -> LeadDetail {
        let reader = EmailAddress.normalised(user.email)
        // One read: the lead with its log, and whether its owner (if that is the user) has opened it before.
        let (detail, opened) = try await records.read { tx -> (LeadDetail, Bool) in
            let detail = try lead(leadID, by: user, in: tx)
            guard detail.lifecycle.owner == reader else { return (detail, true) }
            return (detail, try tx.wasOpened(leadID: leadID, by: reader))
        }
        guard let owner = detail.lifecycle.owner, reader == owner else { return detail }
        let now = clock()
        if !opened {
            // Lost in a power cut, the lead shows unread again: no reason to wait for the disk.
            try await records.write(.untilSynced) { tx in try tx.markOpened(leadID: leadID, by: owner, at: now) }
        }
        return detail
    }

    /// The user's saved views, by name.
    public func savedViews(by user: User) async throws -> [SavedView] {
        try permissions.check(.view, by: user)
        return try await records.read { tx in try tx.savedViews(userID: user.id) }
    }

    /// Saves the list's query under `name` for the user (a view of that name is replaced).
    public func saveView(named name: String, query: String, by user: User) async throws -> SavedView {
        try permissions.check(.view, by: user)
        let name = Self.oneLine(name)
        guard !name.isEmpty, name.count <= 80 else { throw ViewError.badName }
        let view = SavedView(userID: user.id, name: name, query: query, createdAt: clock())
        return try await records.write { tx in try tx.saveView(view) }
    }

    /// Deletes one of the user's own views.
    public func deleteView(_ id: Int64, by user: User) async throws {
        try permissions.check(.view, by: user)
        guard try await records.write({ tx in try tx.deleteView(id: id, userID: user.id) }) else {
            throw ViewError.unknown(id)
        }
    }
}

/// Why a view cannot be saved or deleted.
public enum ViewError: Error, Sendable, Hashable, CustomStringConvertible {
    case badName
    case unknown(Int64)

    public var description: String {
        switch self {
        case .badName: "Give the view a name of 1 to 80 characters."
        case .unknown(let id): "You have no saved view \(id)."
        }
    }
}
