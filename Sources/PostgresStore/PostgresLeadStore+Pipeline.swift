import Foundation
import LeadStore
import Leads

/// The mail pipeline's port on PostgreSQL: the same calls as `SQLiteLeadStore`, each a write (a savepoint of the
/// open batch, or a transaction of its own) or a read.
extension PostgresLeadStore: LeadStore {
    public func recordInbound(
        _ message: InboundMessage, at now: Date, compose: (IntakeOutcome) throws -> OutgoingMail?
    ) throws -> (outcome: IntakeOutcome, queued: OutboxItem?) {
        try writing { tx in try tx.recordInbound(message, at: now, compose: compose) }
    }

    public func noteTaken(_ names: [String]) throws {
        guard !names.isEmpty else { return }
        try writing { tx in
            _ = try tx.query(
                "INSERT INTO mailbox_taken (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
                [PostgresTextArray(names)])
        }
    }

    public func untaken(_ names: [String]) throws -> [String] {
        guard !names.isEmpty else { return [] }
        let taken = try reading { tx in
            Set(
                try tx.query("SELECT name FROM mailbox_taken WHERE name = ANY($1::text[])", [PostgresTextArray(names)])
                    .map { $0.string("name") ?? "" })
        }
        return names.filter { !taken.contains($0) }
    }

    public func setStatus(leadID: Int64, to status: LeadStatus, at now: Date) throws {
        try writing { tx in
            _ = try tx.query(
                "UPDATE leads SET status = $1, updated_at = $2 WHERE id = $3", [status.rawValue, now, leadID])
        }
    }

    public func leads(_ query: LeadQuery) throws -> [Lead] {
        try reading { tx in
            try tx.query(
                """
                SELECT \(PostgresTransaction.leadColumns) FROM leads
                WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR source = $2)
                    AND ($3::text IS NULL OR campaign = $3)
                ORDER BY created_at DESC, id DESC LIMIT $4
                """, [query.status?.rawValue, query.source, query.campaign, query.limit]
            ).map(PostgresTransaction.lead)
        }
    }

    public func lead(id: Int64) throws -> Lead? { try reading { tx in try tx.lead(id: id) } }

    public func communications(leadID: Int64) throws -> [Communication] {
        try reading { tx in try tx.communications(leadID: leadID) }
    }

    /// The person's leads by their address, then each lead's messages by its index: a join the planner may run as
    /// a scan of every message while the tables have no statistics yet (a new store's first backlog).
    public func lastAutoReply(to email: String) throws -> Date? {
        try reading { tx in
            try tx.query(
                """
                SELECT MAX((
                    SELECT MAX(c.date) FROM communications c
                    WHERE c.lead_id = l.id AND c.direction = 'outbound' AND c.kind = 'autoreply'
                        AND c.status IN ('queued', 'sent'))) AS last
                FROM leads l WHERE l.email = $1
                """, [EmailAddress.normalised(email)]
            ).first?.date("last")
        }
    }

    public func pendingOutbox() throws -> [OutboxItem] {
        try reading { tx in
            try tx.query("\(PostgresTransaction.outboxWithContent) WHERE state <> 'sent' ORDER BY id")
                .map(PostgresTransaction.outboxItem)
        }
    }

    public func apply(_ update: LeadUpdate, at now: Date) throws {
        try writing { tx in try tx.apply(update, at: now) }
    }

    public func apply(all updates: [LeadUpdate], at now: Date) throws {
        guard !updates.isEmpty else { return }
        try writing { tx in for update in updates { try tx.apply(update, at: now) } }
    }

    public func lifecycle(leadID: Int64) throws -> LeadLifecycle? {
        try reading { tx in try tx.lifecycle(leadID: leadID) }
    }

    public func events(leadID: Int64) throws -> [LeadEvent] { try reading { tx in try tx.events(leadID: leadID) } }

    public func tasks(leadID: Int64) throws -> [FollowUpTask] { try reading { tx in try tx.tasks(leadID: leadID) } }

    public func openTasks(owner: String?) throws -> [FollowUpTask] {
        try reading { tx in try tx.openTasks(owner: owner) }
    }

    public func openTasks(owner: String, dueBy day: String) throws -> [FollowUpTask] {
        try reading { tx in
            try tx.query(
                """
                SELECT tasks.* FROM tasks JOIN leads ON leads.id = tasks.lead_id
                WHERE tasks.done_at IS NULL AND tasks.owner = $1 AND tasks.due <= $2 COLLATE "C"
                ORDER BY tasks.due COLLATE "C", leads.score DESC, tasks.id
                """, [owner, day]
            ).map(PostgresTransaction.task)
        }
    }

    public func completeTask(id: Int64, by: String, at now: Date) throws -> FollowUpTask {
        try writing { tx in try tx.completeTask(id: id, by: by, at: now) }
    }

    public func workload() throws -> [String: Int] {
        try reading { tx in
            let rows = try tx.query(
                """
                SELECT owner, COUNT(*) AS n FROM leads
                WHERE owner IS NOT NULL AND status IN (\(PostgresTransaction.openStatusList)) GROUP BY owner
                """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.string("owner") ?? "", $0.int("n") ?? 0) })
        }
    }

    public func teamTurn(_ team: String) throws -> Int {
        try reading { tx in try tx.query("SELECT turn FROM team_turns WHERE team = $1", [team]).first?.int("turn") ?? 0
        }
    }

    public func ownersAwaitingDigest(day: String) throws -> [String] {
        try reading { tx in
            try tx.query(
                """
                SELECT owner FROM (
                    SELECT DISTINCT owner FROM tasks t
                    WHERE done_at IS NULL AND owner IS NOT NULL AND due <= $1 COLLATE "C"
                        AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.owner = t.owner AND d.day = $1)
                ) owed
                ORDER BY owner COLLATE "C"
                """, [day]
            ).map { $0.string("owner") ?? "" }
        }
    }

    public func pendingWorkflow(after leadID: Int64, limit: Int) throws -> [WorkflowItem] {
        try reading { tx in
            let rows = try tx.query(
                """
                SELECT \(PostgresTransaction.leadColumns) FROM leads
                WHERE workflow_latest > workflow_seen AND id > $1 ORDER BY id LIMIT $2
                """, [leadID, limit == Int.max ? nil : limit])
            return try rows.map { try tx.workflowItem($0, keptMatches: true) }
        }
    }

    public func workflowItem(leadID: Int64) throws -> WorkflowItem? {
        try reading { tx in try tx.workflowItem(leadID: leadID) }
    }

    public func openFollowUps(setBefore: Date) throws -> [(listing: LeadListing, task: FollowUpTask)] {
        try reading { tx in
            let tasks = try tx.query(
                "SELECT * FROM tasks WHERE follow_up AND done_at IS NULL AND created_at < $1 ORDER BY id", [setBefore]
            ).map(PostgresTransaction.task)
            return try tasks.compactMap { task in
                guard
                    let row = try tx.query(
                        "SELECT \(PostgresTransaction.leadColumns) FROM leads WHERE id = $1", [task.leadID]
                    ).first
                else { return nil }
                let lead = PostgresTransaction.lead(row)
                guard lead.status.isOpen, lead.status != .nurture else { return nil }
                return (LeadListing(lead: lead, lifecycle: try tx.lifecycle(row)), task)
            }
        }
    }

    public func search(_ query: LeadSearch) throws -> [LeadListing] { try reading { tx in try tx.search(query) } }

    public func reportedLeads(from: Date?, until: Date?, tag: String?) throws -> [ReportedLead] {
        try reading { tx in try tx.reportedLeads(from: from, until: until, tag: tag) }
    }

    public func dueReminders(through day: String) throws -> [LeadListing] {
        try reading { tx in
            let rows = try tx.query(
                """
                SELECT \(PostgresTransaction.leadColumns) FROM leads
                WHERE remind_on IS NOT NULL AND remind_on <= $1 COLLATE "C"
                    AND status IN (\(PostgresTransaction.openStatusList))
                ORDER BY remind_on COLLATE "C", id
                """, [day])
            return try rows.map { LeadListing(lead: PostgresTransaction.lead($0), lifecycle: try tx.lifecycle($0)) }
        }
    }

    public func recordBatch(_ messages: [InboundMessage], at now: Date) throws -> [IntakeOutcome] {
        try writing { tx in
            try tx.holdPeople(of: messages)
            return try messages.map { message in
                guard message.enquiry != nil else {
                    if let known = try tx.existingLead(for: message) { return .duplicate(leadID: known) }
                    return .ignored(reason: "no contact details")
                }
                // An import's rows are enquiries, never thread replies: recorded as such.
                var enquiry = message
                enquiry.threadIDs = []
                enquiry.referencedLeadID = nil
                return try tx.recordInbound(enquiry, at: now) { _ in nil }.outcome
            }
        }
    }
}

extension PostgresLeadStore {
    /// Transaction-scoped advisory locks, one per person, taken in the order of their keys' hashes: a batch holds
    /// all its people before it writes a row, so batches of several hosts that meet the same people queue up
    /// rather than lock contact and lead rows in different orders. Outside a batch there is nothing to order.
    public func holdPeople(of messages: [InboundMessage]) throws {
        guard scope.connection() != nil, !messages.isEmpty else { return }
        try writing { tx in try tx.holdPeople(of: messages) }
    }

    public func holdPeople(ofLeads leadIDs: [Int64]) throws {
        guard scope.connection() != nil, !leadIDs.isEmpty else { return }
        try writing { tx in try tx.holdPeople(keys: [], leadIDs: leadIDs, threadIDs: [], phones: []) }
    }
}

extension PostgresTransaction {
    /// The advisory lock space of people (the two-key form, which no other lock of LeadMail uses).
    static let peopleLockSpace = 7_411

    /// Takes the people of `messages`: each enquiry's contact by its match key, and the contact of every lead a
    /// message answers (by the thread's Message-IDs, a `[#L123]` token, or a phone number a known contact has).
    func holdPeople(of messages: [InboundMessage]) throws(PostgresError) {
        var keys = Set<String>()
        var threadIDs: [String] = []
        var leadIDs: [Int64] = []
        var phones: [String] = []
        for message in messages {
            if let contact = message.enquiry?.contact {
                keys.insert(contact.matchKey ?? EmailAddress.normalised(contact.email))
                if let phone = contact.phoneE164 { phones.append(phone) }
            }
            threadIDs += message.threadIDs
            if let lead = message.referencedLeadID { leadIDs.append(lead) }
        }
        try holdPeople(keys: keys, leadIDs: leadIDs, threadIDs: threadIDs, phones: phones)
    }

    /// Takes the person of the lead an outbox row answers, as `holdPeople(keys:leadIDs:…)` takes a lead's.
    func holdPerson(ofOutbox id: Int64) throws(PostgresError) {
        try query(
            """
            SELECT pg_advisory_xact_lock(\(Self.peopleLockSpace), hashtext(c.email))
            FROM outbox o JOIN leads l ON l.id = o.lead_id JOIN contacts c ON c.id = l.contact_id WHERE o.id = $1
            """, [id])
    }

    /// Takes `keys` (contacts' match keys) and the contacts of the leads named by id, by a thread's Message-IDs or
    /// by a known contact's phone, all in one order.
    func holdPeople(keys: Set<String>, leadIDs: [Int64], threadIDs: [String], phones: [String])
        throws(PostgresError)
    {
        var keys = keys
        if !threadIDs.isEmpty || !leadIDs.isEmpty || !phones.isEmpty {
            let known = try query(
                """
                SELECT c.email FROM leads l JOIN contacts c ON c.id = l.contact_id WHERE l.id = ANY($1::bigint[])
                UNION SELECT c.email FROM communications m JOIN leads l ON l.id = m.lead_id
                    JOIN contacts c ON c.id = l.contact_id WHERE m.message_id = ANY($2::text[])
                UNION SELECT email FROM contacts WHERE phone_e164 = ANY($3::text[])
                """,
                [PostgresTextArray(leadIDs.map(String.init)), PostgresTextArray(threadIDs), PostgresTextArray(phones)])
            for index in 0..<known.count { if let email = known[index].string("email") { keys.insert(email) } }
        }
        guard !keys.isEmpty else { return }
        // A volatile function in the select list of a sorted query runs after the sort, row by row: in hash order.
        try query(
            """
            SELECT pg_advisory_xact_lock(\(Self.peopleLockSpace), h)
            FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k) AS people ORDER BY h
            """, [PostgresTextArray(Array(keys))])
    }
}
