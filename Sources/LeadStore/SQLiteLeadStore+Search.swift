import Foundation
import GRDB
import Leads

/// `leads list`: filters, free text through FTS5, and the order by score.
extension SQLiteLeadStore {
    public func search(_ query: LeadSearch) throws -> [LeadListing] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments += [value]
        }
        add("status = ?", query.status?.rawValue)
        add("source = ?", query.source)
        add("campaign = ?", query.campaign)
        add("owner = ?", query.owner.map(EmailAddress.normalised))
        add("rating = ?", query.rating?.rawValue)
        add("id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", query.tag)
        add("created_at >= ?", query.from)
        add("created_at < ?", query.until)
        add("id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)", query.text.map(Self.ftsQuery))
        var sql = "SELECT * FROM leads"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.order == .score
            ? " ORDER BY score DESC, created_at DESC, id DESC" : " ORDER BY created_at DESC, id DESC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                LeadListing(lead: Self.lead(row), lifecycle: try Self.lifecycle(row, db))
            }
        }
    }

    /// Words as people type them, made safe for FTS5: each word quoted (so `o'brien` or `AND` are words, not
    /// syntax), a trailing `*` kept as a prefix search; all words must match.
    static func ftsQuery(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).map { word in
            let prefix = word.hasSuffix("*")
            let bare = (prefix ? word.dropLast() : word).replacingOccurrences(of: "\"", with: "\"\"")
            return "\"\(bare)\"" + (prefix ? "*" : "")
        }.joined(separator: " ")
    }
}
