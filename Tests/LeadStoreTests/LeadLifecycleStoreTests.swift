import Foundation
import GRDB
import Leads
import Testing

@testable import LeadStore

@Suite("The lifecycle in the SQLite store")
struct LeadLifecycleStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_100)

    /// A lead recorded as the pipeline would, from its own enquiry.
    func capture(_ store: SQLiteLeadStore, _ email: String, text: String = "60 level sensors please") throws -> Lead {
        let (outcome, _) = try store.recordInbound(inbound(id: "\(email)-1", from: email, text: text), at: now) { _ in
            nil
        }
        return try #require(outcome.lead)
    }

    @Test("a status change, its details and who made it are written together and logged")
    func statusChange() throws {
        let temp = try TemporaryStore()
        let lead = try capture(temp.store, "jane@brightwater.example")
        var update = LeadUpdate(leadID: lead.id, by: "anna")
        update.status = (StatusChange(status: .rejected, reason: "no budget"), .new)
        try temp.store.apply(update, at: now)
        #expect(try temp.store.lead(id: lead.id)?.status == .rejected)
        #expect(try temp.store.lifecycle(leadID: lead.id)?.rejectReason == "no budget")
        let events = try temp.store.events(leadID: lead.id)
        #expect(events.map(\.by) == ["anna"])
        #expect(events.map(\.text) == ["new → rejected (reason: no budget)"])
        #expect(events.first?.date == now)
    }

    @Test("a change checked against a status another process has changed since fails, and writes nothing")
    func staleStatus() throws {
        let temp = try TemporaryStore()
        let lead = try capture(temp.store, "jane@brightwater.example")
        try temp.store.setStatus(leadID: lead.id, to: .qualified, at: now)
        var update = LeadUpdate(leadID: lead.id, by: "ben")
        update.status = (StatusChange(status: .contacted), .new)
        update.addTags = ["should not stick"]
        #expect(throws: LifecycleError.self) { try temp.store.apply(update, at: now) }
        #expect(try temp.store.lifecycle(leadID: lead.id)?.tags == [])
        #expect(try temp.store.events(leadID: lead.id).isEmpty)
    }

    @Test("a new owner takes the open tasks; done ones stay with who did them; a notice is queued and logged")
    func ownerMovesTasks() throws {
        let temp = try TemporaryStore()
        let lead = try capture(temp.store, "jane@brightwater.example")
        var first = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        first.owner = .init(email: "anna@acme.example", team: "uk")
        first.newTasks = [
            .init(kind: .call, due: "2026-11-24", isFollowUp: true), .init(kind: .directMail, due: "2026-12-01"),
        ]
        try temp.store.apply(first, at: now)
        let tasks = try temp.store.tasks(leadID: lead.id)
        #expect(tasks.map(\.owner) == ["anna@acme.example", "anna@acme.example"])
        _ = try temp.store.completeTask(id: tasks[1].id, by: "anna", at: now)

        var handOver = LeadUpdate(leadID: lead.id, by: "anna")
        handOver.owner = .init(email: "Ben@Acme.example", team: "uk")
        handOver.notices = [reply("notice-1@acme.example", to: "ben@acme.example")]
        try temp.store.apply(handOver, at: now)
        let after = try temp.store.tasks(leadID: lead.id)
        #expect(after.map(\.owner) == ["ben@acme.example", "anna@acme.example"])
        #expect(try temp.store.openTasks(owner: "ben@acme.example").map(\.id) == [tasks[0].id])
        #expect(
            try temp.store.dueUnclaimedOutbox(at: now, limit: 10).map(\.mail.messageID) == ["notice-1@acme.example"])
        let log = try temp.store.communications(leadID: lead.id)
        #expect(log.last?.kind == .notification)
        let assignment = try #require(try temp.store.events(leadID: lead.id).last { $0.kind == .assignment })
        #expect(assignment.text.contains("anna@acme.example → ben@acme.example"))
        #expect(assignment.text.contains("1 open task moved"))
        #expect(try temp.store.workload() == ["ben@acme.example": 1])
    }

    @Test("a call done completes the follow-up and counts as first human contact")
    func callCompletesFollowUp() throws {
        let temp = try TemporaryStore()
        let lead = try capture(temp.store, "jane@brightwater.example")
        var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        update.newTasks = [
            .init(kind: .email, due: "2026-11-24", isFollowUp: true), .init(kind: .call, due: "2026-11-25"),
        ]
        try temp.store.apply(update, at: now)
        let call = try #require(try temp.store.tasks(leadID: lead.id).last)
        _ = try temp.store.completeTask(id: call.id, by: "anna", at: now.addingTimeInterval(3600))
        #expect(try temp.store.tasks(leadID: lead.id).allSatisfy { !$0.isOpen })
        #expect(try temp.store.openFollowUps(setBefore: now.addingTimeInterval(1)).isEmpty)
        let reported = try #require(try temp.store.reportedLeads(from: nil, until: nil).first)
        #expect(reported.firstContactAt == now.addingTimeInterval(3600))
        #expect(throws: LifecycleError.unknownTask(call.id)) {
            try temp.store.completeTask(id: call.id, by: "anna", at: now)
        }
    }

    @Test("the rules' write of a lead's row changes what changed, and moves the lists' version only then")
    func rowWriteNamesWhatChanged() throws {
        let temp = try TemporaryStore()
        let lead = try capture(temp.store, "jane@brightwater.example")
        func version() throws -> Int {
            try temp.store.pool.read { db in
                try #require(try Int.fetchOne(db, sql: "SELECT changes FROM web_list_version"))
            }
        }
        func row() throws -> Row {
            try temp.store.pool.read { db in
                try #require(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT score, score_matches, owner, team, workflow_seen, first_contact_at, updated_at
                            FROM leads WHERE id = ?
                            """, arguments: [lead.id]))
            }
        }
        let matches = ScoreMatches(
            matches: TextMatches(words: ["sensors"]), through: 1, enquiries: 1, rules: "rules-1")
        let start = try version()

        var scored = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        scored.score = 35
        scored.scoreMatches = matches
        scored.workflowSeen = 1
        try temp.store.apply(scored, at: now)
        #expect(try version() == start + 1)
        var written = try row()
        #expect(written["score"] as Int == 35)
        #expect(SQLiteLeadStore.scoreMatches(written["score_matches"]) == matches)
        #expect(written["workflow_seen"] as Int64 == 1)
        #expect(written["updated_at"] as Date == now)

        // The same score, no owner: nothing a list shows; what the rules saw and the update time still move.
        var seen = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        seen.score = 35
        seen.workflowSeen = 2
        try temp.store.apply(seen, at: now.addingTimeInterval(60))
        #expect(try version() == start + 1)
        written = try row()
        #expect(written["workflow_seen"] as Int64 == 2)
        #expect(written["updated_at"] as Date == now.addingTimeInterval(60))
        #expect(SQLiteLeadStore.scoreMatches(written["score_matches"]) == matches)

        // What the rules have seen never goes back; a first contact, once dated, keeps its date.
        var older = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        older.workflowSeen = 1
        older.firstContactAt = now
        try temp.store.apply(older, at: now)
        var later = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        later.firstContactAt = now.addingTimeInterval(3600)
        try temp.store.apply(later, at: now)
        written = try row()
        #expect(written["workflow_seen"] as Int64 == 2)
        #expect(written["first_contact_at"] as Date? == now)

        var owned = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        owned.owner = .init(email: "anna@acme.example", team: "uk")
        try temp.store.apply(owned, at: now)
        #expect(try version() == start + 2)
        // The same owner again is logged, and leaves the lists alone; another team for her moves them.
        try temp.store.apply(owned, at: now)
        #expect(try version() == start + 2)
        owned.owner = .init(email: "anna@acme.example", team: "export")
        try temp.store.apply(owned, at: now)
        #expect(try version() == start + 3)
        written = try row()
        #expect(written["owner"] as String? == "anna@acme.example")
        #expect(written["team"] as String? == "export")
        #expect(written["score"] as Int == 35)
        #expect(try temp.store.events(leadID: lead.id).filter { $0.kind == .assignment }.count == 3)
    }

    @Test("search: filters, free text through FTS5, and the highest score first")
    func search() throws {
        let temp = try TemporaryStore()
        let jane = try capture(temp.store, "jane@brightwater.example", text: "Stainless level sensors for a brewery")
        let tom = try capture(temp.store, "tom@o-brien.example", text: "Pressure gauges, urgent")
        var score = LeadUpdate(leadID: tom.id, by: LeadEvent.system)
        score.score = 40
        score.rating = .a
        score.addTags = ["expo follow-up"]
        try temp.store.apply(score, at: now)

        #expect(try temp.store.search(LeadSearch()).map(\.lead.id) == [tom.id, jane.id])
        #expect(try temp.store.search(LeadSearch(order: .newest)).map(\.lead.id) == [tom.id, jane.id])
        #expect(try temp.store.search(LeadSearch(text: "brewery")).map(\.lead.id) == [jane.id])
        #expect(try temp.store.search(LeadSearch(text: "stainl*")).map(\.lead.id) == [jane.id])
        #expect(try temp.store.search(LeadSearch(text: "o-brien")).map(\.lead.id) == [tom.id], "syntax is quoted")
        #expect(try temp.store.search(LeadSearch(text: "AND")).isEmpty)
        #expect(try temp.store.search(LeadSearch(rating: .a)).map(\.lead.id) == [tom.id])
        #expect(try temp.store.search(LeadSearch(tag: "expo follow-up")).map(\.lead.id) == [tom.id])
        #expect(try temp.store.search(LeadSearch(from: now.addingTimeInterval(1))).isEmpty)
        #expect(try temp.store.search(LeadSearch(until: now.addingTimeInterval(1))).count == 2)
    }

    @Test("a batch is all or nothing, and a row seen before is a duplicate")
    func batch() throws {
        let temp = try TemporaryStore()
        let first = inbound(id: nil, from: "a@one.example", text: "first")
        let again = inbound(id: nil, from: "a@one.example", text: "second")
        let outcomes = try temp.store.recordBatch([first, again], at: now)
        #expect(outcomes.map { $0.lead?.id } == [1, 1])
        guard case .attached(_, .repeatEnquiry) = outcomes[1] else {
            Issue.record("the same person twice is a repeat enquiry, got \(outcomes[1])")
            return
        }
        #expect(try temp.store.recordBatch([first], at: now) == [.duplicate(leadID: 1)])
        // A row the database refuses (here a trigger stands in for a full disk) rolls back the whole batch.
        try temp.store.pool.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE INSERT ON leads WHEN new.email = 'boom@two.example'
                    BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
        }
        let batch = [
            inbound(id: nil, from: "d@four.example", text: "fine"), inbound(id: nil, from: "boom@two.example"),
        ]
        #expect(throws: (any Error).self) { try temp.store.recordBatch(batch, at: now) }
        #expect(try temp.store.leads(LeadQuery()).map(\.email) == ["a@one.example"], "nothing half-imported")
    }

    @Test("a v1 database is upgraded, and its old leads are not run through the rules again")
    func upgrade() throws {
        // Create a v1 file by migrating only up to the first migration, then record a lead with it.
        let older = try OlderDatabase(upTo: "v1: contacts, leads, communications, outbox")
        defer { withExtendedLifetime(older) {} }
        try older.pool.write { db in
            try db.execute(
                sql: OlderDatabase.contactAndLead(email: "old@lead.example", enquiry: "old pumps") + """
                    INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, status,
                        created_at)
                        VALUES (1, 'inbound', 'enquiry', '2026-01-01 00:00:00', 'old@lead.example', 'sales@acme.example',
                            'received', '2026-01-01 00:00:00');
                    """)
        }
        let store = try older.upgraded()
        #expect(try store.pendingWorkflow().isEmpty)
        #expect(try store.search(LeadSearch(text: "pumps")).map(\.lead.email) == ["old@lead.example"])
    }

    @Test("a v5 database's queued replies keep their text and bytes when v6 moves them to outbox_content")
    func outboxContentUpgrade() throws {
        let raw =
            "From: Sales <sales@acme.example>\r\nTo: buyer@lead.example\r\nSubject: Re: pumps\r\n\r\nThank you.\r\n"
        let older = try OlderDatabase(upTo: "v5-lead-history")
        defer { withExtendedLifetime(older) {} }
        try older.pool.write { db in
            try db.execute(
                sql: OlderDatabase.contactAndLead(email: "buyer@lead.example", enquiry: "pumps") + """
                    INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, status,
                        created_at, text)
                        VALUES (1, 'outbound', 'autoreply', '2026-01-01 00:00:00', 'sales@acme.example',
                            'buyer@lead.example', 'queued', '2026-01-01 00:00:00', 'Thank you.');
                    """)
            try db.execute(
                sql: """
                    INSERT INTO outbox (lead_id, communication_id, message_id, envelope_from, recipients,
                        from_address, to_address, subject, text, raw, state, attempts, next_attempt_at, created_at)
                    VALUES (1, 1, 'r1@acme.example', 'sales@acme.example', 'buyer@lead.example',
                        'Sales <sales@acme.example>', 'buyer@lead.example', 'Re: pumps', 'Thank you.', ?, 'queued', 0,
                        '2026-01-01 00:00:00', '2026-01-01 00:00:00')
                    """,
                arguments: [Data(raw.utf8)])
        }
        let store = try older.upgraded()
        let queued = try store.pendingOutbox()
        #expect(queued.map(\.mail.messageID) == ["r1@acme.example"])
        #expect(queued.first?.mail.raw == Array(raw.utf8), "the bytes are the ones queued before the upgrade")
        #expect(queued.first?.mail.text == "Thank you.")
        let due = try store.dueUnclaimedOutbox(at: Date(), limit: 10)
        #expect(due.first?.mail.raw == Array(raw.utf8))
        let columns = try store.pool.read { db in try db.columns(in: "outbox").map(\.name) }
        #expect(
            !columns.contains("raw") && !columns.contains("text"), "the 4 KB columns left the outbox row: \(columns)")
    }

    @Test(
        "the digest is owed to each owner with an open task due by the day and no digest that day, and lists those tasks"
    )
    func ownersAwaitingDigest() throws {
        let temp = try TemporaryStore()
        let store = temp.store
        /// A lead owned by `owner` with tasks due on `days`; returns their ids.
        func lead(_ email: String, owner: String?, due days: [String]) throws -> [Int64] {
            let lead = try capture(store, email)
            var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
            if let owner { update.owner = .init(email: owner, team: nil) }
            update.newTasks = days.map { .init(kind: .call, due: $0) }
            try store.apply(update, at: now)
            return try store.tasks(leadID: lead.id).map(\.id)
        }
        let anna = try lead("a@one.example", owner: "anna@acme.example", due: ["2026-11-20", "2026-11-24"])
        _ = try lead("b@two.example", owner: "ben@acme.example", due: ["2026-11-25"])  // not due yet
        let cleo = try lead("c@three.example", owner: "cleo@acme.example", due: ["2026-11-23"])
        _ = try lead("d@four.example", owner: "dan@acme.example", due: ["2026-11-24"])
        _ = try lead("e@five.example", owner: nil, due: ["2026-11-01"])  // nobody's
        let eva = try lead("f@six.example", owner: "eva@acme.example", due: ["2026-11-24"])
        _ = try store.completeTask(id: eva[0], by: "eva", at: now)  // done: nothing left for eva
        let danLead = try #require(try store.openTasks(owner: "dan@acme.example").first).leadID
        var sent = LeadUpdate(leadID: danLead, by: LeadEvent.system)
        sent.digest = ("dan@acme.example", "2026-11-24")  // dan had today's
        try store.apply(sent, at: now)
        var yesterday = LeadUpdate(leadID: cleo[0], by: LeadEvent.system)
        yesterday.digest = ("cleo@acme.example", "2026-11-23")  // cleo had yesterday's, not today's
        try store.apply(yesterday, at: now)

        #expect(try store.ownersAwaitingDigest(day: "2026-11-24") == ["anna@acme.example", "cleo@acme.example"])
        #expect(try store.ownersAwaitingDigest(day: "2026-11-23") == ["anna@acme.example"])
        #expect(try store.ownersAwaitingDigest(day: "2026-11-19").isEmpty)
        #expect(try store.openTasks(owner: "anna@acme.example", dueBy: "2026-11-24").map(\.id) == anna)
        #expect(try store.openTasks(owner: "anna@acme.example", dueBy: "2026-11-23").map(\.id) == [anna[0]])
        #expect(try store.openTasks(owner: "eva@acme.example", dueBy: "2026-11-30").isEmpty)
    }

    @Test("v8 indexes the time rules' look-ups of a v7 database; overdue follow-ups and reminders are found as before")
    func timeRuleIndexesUpgrade() throws {
        let older = try OlderDatabase(upTo: "v7-one-history-index")
        defer { withExtendedLifetime(older) {} }
        try older.pool.write { db in
            try db.execute(
                sql: OlderDatabase.contactAndLead(email: "buyer@lead.example", enquiry: "pumps") + """
                    UPDATE leads SET remind_on = '2026-11-20', owner = 'anna@acme.example' WHERE id = 1;
                    INSERT INTO tasks (lead_id, kind, due, owner, follow_up, created_at) VALUES
                        (1, 'call', '2026-11-12', 'anna@acme.example', 1, '2026-11-10 09:00:00.000'),
                        (1, 'email', '2026-11-13', 'anna@acme.example', 0, '2026-11-09 09:00:00.000');
                    """)
        }
        let store = try older.upgraded()
        let indexes = try OlderDatabase.indexNames(in: store.pool)
        #expect(indexes.contains("tasks_open_follow_ups") && indexes.contains("leads_reminders"))
        let overdue = try store.openFollowUps(setBefore: Date(timeIntervalSince1970: 1_795_000_000))  // 2026-11-18
        #expect(overdue.map(\.task.due) == ["2026-11-12"], "the follow-up, not the other task")
        #expect(try store.openFollowUps(setBefore: Date(timeIntervalSince1970: 1_762_000_000)).isEmpty)  // 2025
        #expect(try store.dueReminders(through: "2026-11-20").map(\.lead.id) == [1])
        #expect(try store.dueReminders(through: "2026-11-19").isEmpty)
    }

    @Test("v7 drops the (lead, date) index of a v6 database; a lead's log still reads by date, a report by lead")
    func oneHistoryIndexUpgrade() throws {
        let older = try OlderDatabase(upTo: "v6-outbox-content")
        defer { withExtendedLifetime(older) {} }
        try older.pool.write { db in
            // Three messages recorded out of date order (a late delivery): the log shows them by date.
            try db.execute(
                sql: OlderDatabase.contactAndLead(email: "buyer@lead.example", enquiry: "pumps") + """
                    INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject, status,
                        created_at)
                    VALUES (1, 'inbound', 'enquiry', '2026-01-02 09:00:00', 'buyer@lead.example', 'sales@acme.example',
                            'second', 'received', '2026-01-02 09:00:00'),
                        (1, 'inbound', 'enquiry', '2026-01-01 09:00:00', 'buyer@lead.example', 'sales@acme.example',
                            'first', 'received', '2026-01-02 09:01:00'),
                        (1, 'outbound', 'autoreply', '2026-01-01 09:05:00', 'sales@acme.example', 'buyer@lead.example',
                            'reply', 'sent', '2026-01-02 09:02:00');
                    """)
        }
        let before = try OlderDatabase.indexNames(in: older.pool)
        #expect(before.contains("communications_lead"))
        let store = try older.upgraded()
        let indexes = try OlderDatabase.indexNames(in: store.pool)
        #expect(!indexes.contains("communications_lead") && indexes.contains("communications_lead_history"))
        #expect(try store.communications(leadID: 1).map(\.subject) == ["first", "reply", "second"])
        let reported = try store.reportedLeads(from: nil, until: nil, tag: nil)
        #expect(reported.map(\.firstReplyAt) == [Date(timeIntervalSince1970: 1_767_258_300)])  // 2026-01-01 09:05 UTC
    }
}

/// A database file as an older LeadMail left it: migrated only up to `migration`, in a folder of its own that goes
/// away with this value.
final class OlderDatabase {
    let folder = NSTemporaryDirectory() + "leadstore-older-" + UUID().uuidString
    var path: String { folder + "/leads.sqlite" }
    let pool: DatabasePool

    init(upTo migration: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        pool = try DatabasePool(path: folder + "/leads.sqlite")
        try Schema.migrator.migrate(pool, upTo: migration)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Contact 1 and its lead 1, as every schema version writes them, dated 2026-01-01.
    static func contactAndLead(email: String, enquiry: String) -> String {
        """
        INSERT INTO contacts (email, created_at) VALUES ('\(email)', '2026-01-01 00:00:00');
        INSERT INTO leads (contact_id, email, source, created_at, updated_at, enquiry)
            VALUES (1, '\(email)', 'email', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '\(enquiry)');
        """
    }

    /// The file closed by the older schema and opened by this LeadMail, which migrates it.
    func upgraded() throws -> SQLiteLeadStore {
        try pool.close()
        return try SQLiteLeadStore(path: path)
    }

    /// The names of the indexes a database file has, for the upgrade tests to check what a migration made.
    static func indexNames(in pool: DatabasePool) throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
    }
}
