import Foundation
import LeadStore
import Leads

/// Leads in and out of spreadsheets: an export that `leads import` takes back as it was, and imports of other
/// systems' files.
extension LeadDesk {
    /// What an import did with each row, in the file's order.
    public struct ImportReport: Sendable {
        public enum Outcome: Sendable {
            /// A new lead, with the work the row carried (status, owner …) on it.
            case created(Lead)
            /// A repeat enquiry on the contact's open lead.
            case attached(Lead)
            /// The row was imported before; nothing changed.
            case duplicate(leadID: Int64?)
            /// The row's lead (by its LeadMail ID and address) took the changes listed.
            case updated(Lead, changes: [String])
            /// The row's lead already says what the row says.
            case unchanged(Lead)
            /// The row could not be applied to its lead, with why; the rest of the import stands.
            case refused(Lead, reason: String)
            case ignored(reason: String)
        }

        public var outcomes: [(line: Int, outcome: Outcome)] = []
        /// Rows that could not be read, with why; with any of them and no `skipInvalid`, nothing was imported.
        public var rejected: [(line: Int, reason: String)] = []
        /// Whether anything was written.
        public var imported: Bool = false
    }

    /// Imports the rows of `sheet`, all or nothing unless `skipInvalid`.
    ///
    /// A row with the LeadMail ID and address of a lead in this store updates that lead (status, rating, owner,
    /// tags): importing one's own export changes nothing, creates nothing and mails nobody. Any other row is an
    /// enquiry as mail would be (new lead, repeat enquiry, or duplicate of a row imported before), and a new lead
    /// takes the work the row carries (status with its value, reason and close date, rating, owner, tags, created
    /// date): the intake rules neither assign nor announce a lead that has an owner.
    /// - Parameters:
    ///   - source: the source of rows without a Lead Source column; `campaign` likewise.
    public func importLeads(
        _ sheet: ImportSheet, source: String, campaign: String?, skipInvalid: Bool, by user: User
    ) async throws -> ImportReport {
        try permissions.check(.create, by: user)
        let now = clock()
        var report = ImportReport()
        var read: [(line: Int, row: ImportRow)] = []
        for (line, fields) in sheet.rows {
            switch sheet.read(fields, source: source, campaign: campaign, calendar: calendar, now: now) {
            case .success(let row): read.append((line, row))
            case .failure(let problem): report.rejected.append((line, problem.reason))
            }
        }
        if !report.rejected.isEmpty && !skipInvalid { return report }
        let rows = read
        // Rows exported from this store: the same ID with the same address.
        let known: [Int64: Lead] = try await records.read { tx in
            var found: [Int64: Lead] = [:]
            for (_, row) in rows {
                guard let id = row.leadID, let lead = try tx.lead(id: id),
                    lead.email.caseInsensitiveCompare(row.email) == .orderedSame
                else { continue }
                found[id] = lead
            }
            return found
        }
        let fresh = rows.filter { known[$0.row.leadID ?? 0] == nil }
        let recorded = try workflow.store.recordBatch(fresh.map { $0.row.message }, at: now)
        var outcomes: [Int: ImportReport.Outcome] = [:]
        for ((line, row), outcome) in zip(fresh, recorded) {
            switch outcome {
            case .created(let lead):
                if row.carriesWork {
                    try await records.write { tx in try self.takeOver(row, lead: lead, in: tx, at: now) }
                }
                outcomes[line] = .created(lead)
            case .attached(let lead, _): outcomes[line] = .attached(lead)
            case .duplicate(let id): outcomes[line] = .duplicate(leadID: id)
            case .ignored(let reason): outcomes[line] = .ignored(reason: reason)
            }
        }
        for (line, row) in rows {
            guard let id = row.leadID, let lead = known[id] else { continue }
            do {
                let changes = try await records.write { tx in
                    try self.update(lead, from: row, by: user, in: tx, at: now)
                }
                outcomes[line] = changes.isEmpty ? .unchanged(lead) : .updated(lead, changes: changes)
            } catch let error as LifecycleError {
                outcomes[line] = .refused(lead, reason: error.description)
            } catch let error as PermissionDenied {
                outcomes[line] = .refused(lead, reason: error.description)
            }
        }
        try workflow.catchUp(now: now)
        report.outcomes = rows.compactMap { item -> (line: Int, outcome: ImportReport.Outcome)? in
            outcomes[item.line].map { (line: item.line, outcome: $0) }
        }
        report.imported = true
        return report
    }

    /// A new lead takes the work its row carries, logged as the import's. The intake rules then score it but
    /// neither assign nor announce a lead that has an owner, nor set work on a closed one.
    private func takeOver(_ row: ImportRow, lead: Lead, in tx: any LeadTransaction, at now: Date) throws {
        var update = LeadUpdate(leadID: lead.id, by: "import")
        if let status = row.status, status != .new {
            update.status = (
                StatusChange(
                    status: status, reason: row.rejectReason, value: row.value, closeDate: row.closeDate),
                .new
            )
        }
        update.rating = row.rating
        if let owner = row.owner {
            update.owner = .init(
                email: owner, team: settings.assigner.team(of: owner)?.name, reason: "as in the imported file")
        }
        update.addTags = row.tags
        if let created = row.createdAt {
            update.origin = .init(source: row.source, campaign: row.campaign, createdAt: created, from: "the file")
        }
        try tx.apply(update, at: now)
    }

    /// Brings a lead of this store to what its exported row now says; returns the changes, none when it
    /// already does. A status the lead cannot move to is refused with the lifecycle's reason.
    private func update(_ lead: Lead, from row: ImportRow, by user: User, in tx: any LeadTransaction, at now: Date)
        throws -> [String]
    {
        let (current, lifecycle) = try self.lead(lead.id, for: .edit, by: user, in: tx)
        var update = LeadUpdate(leadID: lead.id, by: user.actorName)
        var changes: [String] = []
        if let status = row.status, status != current.status {
            let change = try StatusChange(
                status: status, reason: row.rejectReason, value: row.value, closeDate: row.closeDate
            ).validated(from: current.status, rejectionReasons: settings.rejectionReasons)
            update.status = (change, current.status)
            changes.append("status \(change.describe(from: current.status))")
        }
        if let rating = row.rating, rating != lifecycle.rating {
            update.rating = rating
            changes.append("rating \(rating.rawValue)")
        }
        if let owner = row.owner, owner != lifecycle.owner {
            update.owner = .init(
                email: owner, team: settings.assigner.team(of: owner)?.name, reason: "as in the imported file")
            changes.append("owner \(owner)")
        }
        let missing = row.tags.filter { tag in
            !lifecycle.tags.contains { $0.caseInsensitiveCompare(tag) == .orderedSame }
        }
        if !missing.isEmpty {
            update.addTags = missing
            changes.append("tags + \(missing.joined(separator: ", "))")
        }
        if !changes.isEmpty { try tx.apply(update, at: now) }
        return changes
    }

    /// The leads an export writes, oldest first, for those with the `export` right.
    public func exportedLeads(_ search: LeadSearch, by user: User) async throws -> [LeadListing] {
        try permissions.check(.export, by: user)
        var newest = search
        newest.order = .newest
        return try await leads(newest, by: user).reversed()
    }
}
