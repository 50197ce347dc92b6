import Foundation
import GRDB
import Leads

/// `leads list`: filters, free text through FTS5, and the order by score.
extension SQLiteLeadStore {
    public func search(_ query: LeadSearch) throws -> [LeadListing] {
        let order =
            query.order == .score
            ? " ORDER BY score DESC, created_at DESC, id DESC" : " ORDER BY created_at DESC, id DESC"
        guard let limit = query.limit else {
            var (sql, arguments) = Self.matching(query, select: "*")
            sql += order
            if query.offset > 0 {
                sql += " LIMIT -1 OFFSET ?"
                arguments += [query.offset]
            }
            return try read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    LeadListing(lead: Self.lead(row), lifecycle: try Self.lifecycle(row, db))
                }
            }
        }
        // A page: its ids first, from the list's covering indexes alone (v14-list-indexes: every filter's column
        // is in them), then only those rows and their tags. A deep page, or a filter few leads pass, then walks
        // index entries instead of reading every row it passes over.
        return try read { db in
            let ids = try listIDs(query, order: order, limit: limit, db)
            guard !ids.isEmpty else { return [] }
            let list = Self.jsonList(ids)
            var tags: [Int64: [String]] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT lead_id, tag FROM lead_tags WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id, tag"
                ),
                arguments: [list])
            {
                tags[row[0], default: []].append(row[1])
            }
            // Decoded from the cursor's rows, which find a column by name in their statement's table; a row
            // copied out by `fetchAll` compares the name with each column's, lowercased, on every look-up.
            var listings: [Int64: LeadListing] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT * FROM leads WHERE id IN (SELECT value FROM json_each(?))"),
                arguments: [list])
            while let row = try rows.next() {
                let id: Int64 = row["id"]
                listings[id] = LeadListing(lead: Self.lead(row), lifecycle: Self.lifecycle(row, tags: tags[id] ?? []))
            }
            return ids.compactMap { listings[$0] }
        }
    }

    /// The ids of a page of the list, in its order: from the list's first ids kept by `listPages` while nothing a
    /// list shows has changed, else read (twice the page's end, so that the next pages are kept too). Only on a
    /// reader's snapshot: a write transaction's count includes its own changes, which a rollback would undo.
    private func listIDs(_ query: LeadSearch, order: String, limit: Int, _ db: Database) throws -> [Int64] {
        guard db.configuration.readonly, query.ids == nil else {
            return try pageIDs(query, order: order, limit: limit, db)
        }
        let version =
            try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT changes FROM web_list_version WHERE id = 1")) ?? 0
        if let page = listPages.page(query, limit: limit, version: version) { return page }
        var first = query
        first.offset = 0
        let length = ListPages.readLength(forPageEndingAt: max(0, query.offset) + limit)
        let ids = try pageIDs(first, order: order, limit: length, db)
        let prefix = ListPages.Prefix(ids: ids, complete: ids.count < length)
        listPages.keep(query, prefix, version: version)
        return prefix.page(offset: max(0, query.offset), limit: limit) ?? []
    }

    /// The ids of a page of the list, in its order. Words that match many leads are looked up in their kept set
    /// (`SearchMatches`) while the list's index is walked in order, stopping at the page's end; words that match
    /// few leave the choice of plan to SQLite (their matches are cheap to read).
    private func pageIDs(_ query: LeadSearch, order: String, limit: Int, _ db: Database) throws -> [Int64] {
        if let text = query.text {
            let found = try searchMatches.found(terms: Self.ftsTerms(text), db)
            guard found.count > Self.fewMatches else { return try idsInSQL(query, order: order, limit: limit, db) }
            var unworded = query
            unworded.text = nil
            let (sql, arguments) = Self.matching(unworded, select: "id")
            let cursor = try Int64.fetchCursor(db.cachedStatement(sql: sql + order), arguments: arguments)
            var ids: [Int64] = []
            var skipped = 0
            while ids.count < limit, let id = try cursor.next() {
                guard found.contains(id) else { continue }
                if skipped < query.offset {
                    skipped += 1
                } else {
                    ids.append(id)
                }
            }
            return ids
        }
        return try idsInSQL(query, order: order, limit: limit, db)
    }

    /// Below this many matches, SQLite reads the words' matches itself.
    static let fewMatches = 1000

    private func idsInSQL(_ query: LeadSearch, order: String, limit: Int, _ db: Database) throws -> [Int64] {
        var (sql, arguments) = Self.matching(query, select: "id")
        sql += order + " LIMIT ? OFFSET ?"
        arguments += [limit, max(0, query.offset)]
        // Cached: a list's SQL differs only by which filters are set; it was parsed again for every page.
        return try Int64.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// How many leads match `query` and their summed value (its order, limit and offset aside).
    public func tally(_ query: LeadSearch) throws -> LeadTally {
        let (sql, arguments) = Self.matching(query, select: "COUNT(*) AS count, TOTAL(value) AS value")
        return try read { db in
            let row = try Row.fetchOne(db, sql: sql, arguments: arguments)
            return LeadTally(count: row?["count"] ?? 0, value: row?["value"] ?? 0)
        }
    }

    /// `SELECT <select> FROM leads WHERE …` for the query's filters, its scope included.
    static func matching(_ query: LeadSearch, select: String) -> (String, StatementArguments) {
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
        // Through the reminders' index, by name: it holds only the leads with a reminder, so it has no statistics
        // and SQLite walked the owner's every lead in the list's order instead (thousands, for My work).
        add("id IN (SELECT id FROM leads INDEXED BY leads_reminders WHERE remind_on <= ?)", query.remindBy)
        add(
            "id IN (SELECT value FROM json_each(?))",
            query.ids.map(Self.jsonList))
        if query.unassigned { conditions.append("owner IS NULL") }
        if query.unread {
            conditions.append(
                "owner IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM lead_reads WHERE lead_id = leads.id AND reader = owner)")
        }
        if query.openOnly {
            let open = LeadStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")
            conditions.append("status IN (\(open))")
        }
        if let team = query.team {
            // A team's leads: given to it, or owned by one of its members (`+owner`: as for the reach below).
            var reached = ["team = ?"]
            arguments += [team.name]
            if !team.members.isEmpty {
                reached.append("+owner IN (\(team.members.map { _ in "?" }.joined(separator: ", ")))")
                for member in team.members { arguments += [member] }
            }
            conditions.append("(" + reached.joined(separator: " OR ") + ")")
        }
        if let reach = query.reach {
            // PermissionPolicy.reaches, as SQL: own, unassigned here, and with a team scope the team's leads.
            // `+owner` keeps the owner index out of this OR: SQLite then walks the list's order (leads_list_score)
            // and stops at the page, instead of sorting every reachable lead first.
            var reached = ["+owner = ?", "(+owner IS NULL AND (team IS NULL OR team = ?))"]
            arguments += [reach.person, reach.team]
            if let members = reach.teamMembers {
                reached.append("team = ?")
                arguments += [reach.team]
                if !members.isEmpty {
                    reached.append("+owner IN (\(members.map { _ in "?" }.joined(separator: ", ")))")
                    for member in members { arguments += [member] }
                }
            }
            conditions.append("(" + reached.joined(separator: " OR ") + ")")
        }
        var sql = "SELECT \(select) FROM leads"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, arguments)
    }

    /// Ids as a JSON array, bound as one argument and read by `json_each(?)`: a list of any length in one
    /// cached statement.
    static func jsonList(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Words as people type them, made safe for FTS5: each word quoted (so `o'brien` or `AND` are words, not
    /// syntax), a trailing `*` kept as a prefix search; all words must match.
    static func ftsQuery(_ text: String) -> String {
        ftsTerms(text).joined(separator: " ")
    }

    /// `ftsQuery`'s terms, one per word.
    static func ftsTerms(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map { word in
            let prefix = word.hasSuffix("*")
            let bare = (prefix ? word.dropLast() : word).replacingOccurrences(of: "\"", with: "\"\"")
            return "\"\(bare)\"" + (prefix ? "*" : "")
        }
    }

    /// Puts the leads noted in `leads_fts_pending` (by the v9 triggers) into the search index: what it held for
    /// them out, the values of those still in `leads` in. Every write transaction runs it just before its commit, so a committed
    /// database always has its index up to date; the index is written once per transaction, not per savepoint.
    static func bringSearchIndexUpToDate(_ db: Database) throws {
        let pending = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM leads_fts_pending)"))
        guard pending == true else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO leads_fts(leads_fts, rowid, name, company, email, enquiry)
                SELECT 'delete', lead_id, name, company, email, enquiry FROM leads_fts_pending WHERE indexed = 1
                """
        ).execute()
        try db.cachedStatement(
            sql: """
                INSERT INTO leads_fts(rowid, name, company, email, enquiry)
                SELECT id, name, company, email, enquiry FROM leads WHERE id IN (SELECT lead_id FROM leads_fts_pending)
                """
        ).execute()
        try db.cachedStatement(sql: "DELETE FROM leads_fts_pending").execute()
    }
}
