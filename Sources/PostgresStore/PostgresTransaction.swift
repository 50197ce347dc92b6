import Foundation
import LeadStore
import Leads

/// One transaction on one connection: the SQL of the store, each statement's values bound as parameters.
///
/// Valid only inside the closure it was given to (`PostgresLeadStore.read`/`write`, or the pipeline's own calls):
/// the connection goes back to the pool after that.
public struct PostgresTransaction: LeadTransaction {
    let connection: PostgresConnection

    init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws(PostgresError) -> PostgresRows {
        try connection.query(sql, parameters)
    }

    // MARK: Reading

    public func lead(id: Int64) throws -> Lead? {
        try query("SELECT \(Self.leadColumns) FROM leads WHERE id = $1", [id]).first.map(Self.lead)
    }

    public func lifecycle(leadID: Int64) throws -> LeadLifecycle? {
        guard let row = try query("SELECT \(Self.leadColumns) FROM leads WHERE id = $1", [leadID]).first else {
            return nil
        }
        return try lifecycle(row)
    }

    public func communications(leadID: Int64) throws -> [Communication] {
        try query(
            "SELECT \(Self.communicationColumns) FROM communications WHERE lead_id = $1 ORDER BY date, id", [leadID]
        ).map(Self.communication)
    }

    public func events(leadID: Int64) throws -> [LeadEvent] {
        try query("SELECT * FROM lead_events WHERE lead_id = $1 ORDER BY id", [leadID]).map(Self.event)
    }

    public func tasks(leadID: Int64) throws -> [FollowUpTask] {
        try query("SELECT * FROM tasks WHERE lead_id = $1 ORDER BY id", [leadID]).map(Self.task)
    }

    public func leadID(ofTask id: Int64) throws -> Int64? {
        try query("SELECT lead_id FROM tasks WHERE id = $1", [id]).first?.int64("lead_id")
    }

    public func openTasks(owner: String?) throws -> [FollowUpTask] {
        let sql = """
            SELECT tasks.* FROM tasks JOIN leads ON leads.id = tasks.lead_id
            WHERE tasks.done_at IS NULL AND ($1::text IS NULL OR tasks.owner = $1)
            ORDER BY tasks.due COLLATE "C", leads.score DESC, tasks.id
            """
        return try query(sql, [owner.map(EmailAddress.normalised)]).map(Self.task)
    }

    /// ` WHERE …` for the search's filters, its scope included, with their parameters.
    func matching(_ search: LeadSearch) -> (String, [(any PostgresBindable)?]) {
        var conditions: [String] = []
        var parameters: [(any PostgresBindable)?] = []
        func add(_ condition: String, _ value: (any PostgresBindable)?) {
            guard let value else { return }
            parameters.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        add("status = ?", search.status?.rawValue)
        add("source = ?", search.source)
        add("campaign = ?", search.campaign)
        add("owner = ?", search.owner.map(EmailAddress.normalised))
        add("rating = ?", search.rating?.rawValue)
        add("id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", search.tag)
        add("created_at >= ?", search.from)
        add("created_at < ?", search.until)
        if let text = search.text {
            // No words (only punctuation): the SQLite store's FTS5 matches nothing for it either.
            add("search_vector @@ to_tsquery('simple', unaccent(?))", PostgresSearchQuery.tsquery(text) ?? "")
        }
        add("remind_on <= ?", search.remindBy)
        add("id = ANY(?::bigint[])", search.ids.map { PostgresTextArray($0.map(String.init)) })
        if search.unassigned { conditions.append("owner IS NULL") }
        if search.unread {
            conditions.append(
                "owner IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM lead_reads WHERE lead_id = leads.id AND reader = owner)")
        }
        if search.openOnly {
            let open = LeadStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")
            conditions.append("status IN (\(open))")
        }
        func bound(_ value: String?) -> String {
            parameters.append(value)
            return "$\(parameters.count)::text"
        }
        if let team = search.team {
            // A team's leads: given to it, or owned by one of its members.
            var reached = ["team = \(bound(team.name))"]
            if !team.members.isEmpty {
                reached.append("owner IN (\(team.members.map { bound($0) }.joined(separator: ", ")))")
            }
            conditions.append("(" + reached.joined(separator: " OR ") + ")")
        }
        if let reach = search.reach {
            // PermissionPolicy.reaches, as SQL: own, unassigned here, and with a team scope the team's leads.
            var reached = [
                "owner = \(bound(reach.person))", "(owner IS NULL AND (team IS NULL OR team = \(bound(reach.team))))",
            ]
            if let members = reach.teamMembers {
                reached.append("team = \(bound(reach.team))")
                if !members.isEmpty {
                    reached.append("owner IN (\(members.map { bound($0) }.joined(separator: ", ")))")
                }
            }
            conditions.append("(" + reached.joined(separator: " OR ") + ")")
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), parameters)
    }

    public func search(_ search: LeadSearch) throws -> [LeadListing] {
        var (filter, parameters) = matching(search)
        var sql = "SELECT \(Self.leadColumns) FROM leads" + filter
        sql +=
            search.order == .score
            ? " ORDER BY score DESC, created_at DESC, id DESC" : " ORDER BY created_at DESC, id DESC"
        if let limit = search.limit {
            parameters.append(limit)
            sql += " LIMIT $\(parameters.count)"
        }
        if search.offset > 0 {
            parameters.append(search.offset)
            sql += " OFFSET $\(parameters.count)"
        }
        let rows = try query(sql, parameters)
        // The page's tags in one statement, not one round trip to the server per lead.
        var tags: [Int64: [String]] = [:]
        if rows.count > 0 {
            let ids = PostgresTextArray(rows.map { String($0.int64("id") ?? 0) })
            let found = try query(
                "SELECT lead_id, tag FROM lead_tags WHERE lead_id = ANY($1::bigint[]) ORDER BY lead_id, tag COLLATE \"C\"",
                [ids])
            for index in 0..<found.count {
                tags[found[index].int64("lead_id") ?? 0, default: []].append(found[index].string("tag") ?? "")
            }
        }
        return rows.map { row in
            LeadListing(lead: Self.lead(row), lifecycle: Self.lifecycle(row, tags: tags[row.int64("id") ?? 0] ?? []))
        }
    }

    /// How many leads match `search` and their summed value (its order, limit and offset aside).
    public func tally(_ search: LeadSearch) throws -> LeadTally {
        let (filter, parameters) = matching(search)
        let row = try query(
            "SELECT COUNT(*) AS count, COALESCE(SUM(value), 0) AS value FROM leads" + filter, parameters
        ).first
        return LeadTally(count: row?.int("count") ?? 0, value: row?.double("value") ?? 0)
    }

    public func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead] {
        let sql = """
            SELECT leads.*,
                (SELECT MIN(date) FROM communications c WHERE c.lead_id = leads.id AND c.direction = 'outbound'
                    AND c.kind <> 'notification') AS first_reply_at
            FROM leads
            WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)
                AND ($3::text IS NULL OR id IN (SELECT lead_id FROM lead_tags WHERE tag = $3))
            ORDER BY id
            """
        return try query(sql, [from, until, tag]).map { row in
            ReportedLead(
                source: row.string("source") ?? "", campaign: row.string("campaign"),
                status: row.string("status").flatMap(LeadStatus.init(rawValue:)) ?? .new,
                rating: row.string("rating").flatMap(LeadRating.init(rawValue:)), value: row.double("value"),
                rejectReason: row.string("reject_reason"), createdAt: row.date("created_at") ?? .distantPast,
                firstReplyAt: row.date("first_reply_at"), firstContactAt: row.date("first_contact_at"))
        }
    }

    public func possibleDuplicates(freeMailDomains: Set<String>) throws -> [PossibleDuplicate] {
        let columns = Self.leadColumns.split(separator: ",").map {
            "leads." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let leads = try query(
            """
            SELECT \(columns.joined(separator: ", ")), contacts.phone_e164 AS contact_phone_e164 FROM leads
            LEFT JOIN contacts ON contacts.id = leads.contact_id ORDER BY leads.id
            """
        ).map { row in
            let lead = Self.lead(row)
            // The contact's number as intake read it, else the lead's when written internationally.
            let phone =
                row.string("contact_phone_e164") ?? lead.phone.flatMap { PhoneNumber.e164($0, defaultCountry: "") }
            return (lead: lead, phone: phone)
        }
        return PossibleDuplicate.pairs(leads, freeMailDomains: freeMailDomains)
    }

    public func workflowItem(leadID: Int64) throws -> WorkflowItem? {
        guard let row = try query("SELECT \(Self.leadColumns) FROM leads WHERE id = $1", [leadID]).first else {
            return nil
        }
        return try workflowItem(row, keptMatches: false)
    }

    /// The lead as the rules see it; with `keptMatches`, only the enquiries after its `score_matches` are read
    /// when those still describe its history (as the SQLite store does).
    func workflowItem(_ row: PostgresRow, keptMatches: Bool) throws -> WorkflowItem {
        let id = row.int64("id") ?? 0
        let seen = row.int64("workflow_seen") ?? 0
        var kept =
            keptMatches
            ? row.string("score_matches").flatMap { try? JSONDecoder().decode(ScoreMatches.self, from: Data($0.utf8)) }
            : nil
        if let matches = kept {
            let covered =
                try query(
                    """
                    SELECT COUNT(*) AS n FROM communications WHERE lead_id = $1 AND direction = 'inbound'
                        AND kind IN ('enquiry', 'repeat') AND id <= $2
                    """, [id, matches.through]
                ).first?.int("n") ?? 0
            if covered != matches.enquiries { kept = nil }
        }
        // The communications the rules have not seen and the enquiries the kept matches do not cover, in one read
        // of the lead's history (a new lead's are the same rows), as the SQLite store reads them: a round trip
        // fewer per lead. The text only of enquiries, under a name of its own: the communications go without it.
        let scoredThrough = kept?.through ?? 0
        var fresh: [Communication] = []
        var enquiries: [(id: Int64, text: String)] = []
        let history = try query(
            """
            SELECT id, lead_id, direction, kind, date, from_address, to_address, subject, message_id, status,
                '' AS text, detail, NULL AS attachments,
                CASE WHEN direction = 'inbound' AND kind IN ('enquiry', 'repeat') THEN text END AS enquiry_text
            FROM communications WHERE lead_id = $1 AND id > $2 ORDER BY id
            """, [id, min(seen, scoredThrough)])
        for index in 0..<history.count {
            let entry = history[index]
            let entryID = entry.int64("id") ?? 0
            if let text = entry.string("enquiry_text"), entryID > scoredThrough { enquiries.append((entryID, text)) }
            if entryID > seen { fresh.append(Self.communication(entry)) }
        }
        let texts = enquiries.map(\.text)
        let fields = row.string("extra_fields").flatMap {
            try? JSONDecoder().decode([FormField].self, from: Data($0.utf8))
        }
        let first = row.string("enquiry") ?? ""
        var item = WorkflowItem(
            lead: Self.lead(row), lifecycle: try lifecycle(row), fields: fields ?? [], newCommunications: fresh,
            enquiryText: (kept == nil ? [first] + texts.dropFirst() : texts).joined(separator: "\n"),
            scoreMatches: kept, enquiriesThrough: enquiries.last?.id ?? kept?.through ?? 0,
            enquiryCount: (kept?.enquiries ?? 0) + enquiries.count, isNew: seen == 0,
            firstContactAt: row.date("first_contact_at"))
        item.linksClicked =
            try query(
                """
                SELECT COUNT(*) AS n FROM tracked_links t WHERE t.lead_id = $1
                    AND EXISTS (SELECT 1 FROM link_clicks c WHERE c.token = t.token)
                """, [id]
            ).first?.int("n") ?? 0
        return item
    }

    // MARK: Users and sessions

    public func users() throws -> [User] {
        try query("SELECT \(Self.userColumns) FROM users ORDER BY email COLLATE \"C\"").map { Self.user($0) }
    }

    public func credentials(email: String) throws -> (user: User, passwordHash: String)? {
        guard
            let row = try query(
                "SELECT \(Self.userColumns), password_hash FROM users WHERE email = $1",
                [EmailAddress.normalised(email)]
            ).first
        else { return nil }
        return (Self.user(row), row.string("password_hash") ?? "")
    }

    public func addUser(_ user: User, passwordHash: String, at now: Date) throws -> User {
        var added = user
        added.email = EmailAddress.normalised(user.email)
        let row = try query(
            """
            INSERT INTO users (email, name, role, team, password_hash, disabled_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (email) DO NOTHING RETURNING id
            """,
            [added.email, added.name, added.role.rawValue, added.team, passwordHash, user.isDisabled ? now : nil, now]
        ).first
        guard let id = row?.int64("id") else { throw UserStoreError.exists(added.email) }
        added.id = id
        return added
    }

    public func updateUser(_ user: User, at now: Date) throws {
        let rows = try query(
            """
            UPDATE users SET name = $1, role = $2, team = $3, updated_at = $4,
                disabled_at = CASE WHEN $5::boolean THEN COALESCE(disabled_at, $4) END
            WHERE id = $6
            """, [user.name, user.role.rawValue, user.team, now, user.isDisabled, user.id])
        guard rows.affected == 1 else { throw UserStoreError.unknown(user.email) }
    }

    public func setPasswordHash(_ hash: String, forUser id: Int64, at now: Date) throws {
        try query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", [hash, now, id])
    }

    public func addSession(_ session: StoredWebSession) throws -> StoredWebSession {
        var added = session
        added.id =
            try query(
                """
                INSERT INTO web_sessions (selector, verifier_hash, user_id, csrf_token, client, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """,
                [
                    session.selector, session.verifierHash, session.user.id, session.csrfToken, session.client,
                    session.createdAt, session.expiresAt,
                ]
            ).first?.int64("id") ?? 0
        return added
    }

    public func session(selector: String) throws -> StoredWebSession? {
        guard
            let row = try query(
                """
                SELECT s.id, s.selector, s.verifier_hash, s.csrf_token, s.client, s.created_at, s.expires_at,
                    s.revoked_at, u.id AS user_id, u.email, u.name, u.role, u.team, u.disabled_at
                FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.selector = $1
                """, [selector]
            ).first
        else { return nil }
        return StoredWebSession(
            id: row.int64("id") ?? 0, selector: row.string("selector") ?? "",
            verifierHash: row.string("verifier_hash") ?? "", user: Self.user(row, id: "user_id"),
            csrfToken: row.string("csrf_token") ?? "", client: row.string("client") ?? "",
            createdAt: row.date("created_at") ?? .distantPast, expiresAt: row.date("expires_at") ?? .distantPast,
            revokedAt: row.date("revoked_at"))
    }

    public func revokeSession(id: Int64, at now: Date) throws {
        try query("UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [now, id])
    }

    @discardableResult
    public func revokeSessions(userID: Int64, at now: Date) throws -> Int {
        try query(
            "UPDATE web_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND expires_at > $1",
            [now, userID]
        ).affected
    }

    @discardableResult
    public func deleteSessions(endedBefore date: Date) throws -> Int {
        try query("DELETE FROM web_sessions WHERE expires_at < $1 OR revoked_at < $1", [date]).affected
    }
}
