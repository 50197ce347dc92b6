import Foundation
import LeadStore
import Leads

/// Rows into the store's value types, and the column lists the statements read.
extension PostgresTransaction {
    /// Every column of `leads` but the search vector, which nothing reads back.
    static let leadColumns = """
        id, contact_id, name, email, phone, company, source, campaign, status, subject, enquiry, extra_fields,
        created_at, updated_at, rating, score, owner, team, reject_reason, value, close_date, nurture_until,
        remind_on, first_contact_at, workflow_seen, workflow_latest, score_matches
        """

    /// `'new','contacted',…`: the open statuses as an SQL list (constants, not input).
    static let openStatusList = LeadStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }
        .joined(separator: ",")

    static let communicationColumns = """
        id, lead_id, direction, kind, date, from_address, to_address, subject, message_id, status, text, detail,
        attachments
        """

    static let outboxWithContent = """
        SELECT outbox.*, content.text, content.raw FROM outbox
        JOIN outbox_content content ON content.outbox_id = outbox.id
        """

    /// Keys sorted, as the SQLite store writes them: the same message gives the same row on any host.
    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func lead(_ row: PostgresRow) -> Lead {
        Lead(
            id: row.int64("id") ?? 0, contactID: row.int64("contact_id") ?? 0, name: row.string("name"),
            email: row.string("email") ?? "", phone: row.string("phone"), company: row.string("company"),
            source: row.string("source") ?? "", campaign: row.string("campaign"),
            status: row.string("status").flatMap(LeadStatus.init(rawValue:)) ?? .new,
            subject: row.string("subject"), enquiry: row.string("enquiry") ?? "",
            createdAt: row.date("created_at") ?? .distantPast, updatedAt: row.date("updated_at") ?? .distantPast)
    }

    func lifecycle(_ row: PostgresRow) throws(PostgresError) -> LeadLifecycle {
        let tags = try connection.query(
            "SELECT tag FROM lead_tags WHERE lead_id = $1 ORDER BY tag COLLATE \"C\"", [row.int64("id")]
        ).map { $0.string("tag") ?? "" }
        return Self.lifecycle(row, tags: tags)
    }

    /// The lifecycle columns of a `leads` row, with the lead's tags already read.
    static func lifecycle(_ row: PostgresRow, tags: [String]) -> LeadLifecycle {
        LeadLifecycle(
            rating: row.string("rating").flatMap(LeadRating.init(rawValue:)), score: row.int("score") ?? 0,
            owner: row.string("owner"), team: row.string("team"), tags: tags,
            rejectReason: row.string("reject_reason"), value: row.double("value"),
            closeDate: row.string("close_date"), nurtureUntil: row.string("nurture_until"),
            remindOn: row.string("remind_on"))
    }

    static func communication(_ row: PostgresRow) -> Communication {
        Communication(
            id: row.int64("id") ?? 0, leadID: row.int64("lead_id") ?? 0,
            direction: row.string("direction").flatMap(Communication.Direction.init(rawValue:)) ?? .inbound,
            kind: row.string("kind").flatMap(Communication.Kind.init(rawValue:)) ?? .enquiry,
            date: row.date("date") ?? .distantPast, from: row.string("from_address") ?? "",
            to: row.string("to_address") ?? "", subject: row.string("subject"), messageID: row.string("message_id"),
            status: row.string("status").flatMap(Communication.Status.init(rawValue:)) ?? .received,
            text: row.string("text") ?? "", detail: row.string("detail"),
            attachments: AttachmentNamesJSON.decode(row.string("attachments")))
    }

    static func event(_ row: PostgresRow) -> LeadEvent {
        LeadEvent(
            id: row.int64("id") ?? 0, leadID: row.int64("lead_id") ?? 0, date: row.date("date") ?? .distantPast,
            by: row.string("by") ?? "", kind: row.string("kind").flatMap(LeadEvent.Kind.init(rawValue:)) ?? .note,
            text: row.string("text") ?? "")
    }

    static func task(_ row: PostgresRow) -> FollowUpTask {
        FollowUpTask(
            id: row.int64("id") ?? 0, leadID: row.int64("lead_id") ?? 0,
            kind: row.string("kind").flatMap(FollowUpTask.Kind.init(rawValue:)) ?? .call, due: row.string("due") ?? "",
            owner: row.string("owner"), isFollowUp: row.bool("follow_up") ?? false,
            createdAt: row.date("created_at") ?? .distantPast, doneAt: row.date("done_at"),
            doneBy: row.string("done_by"))
    }

    static func outboxItem(_ row: PostgresRow) -> OutboxItem {
        let mail = OutgoingMail(
            messageID: row.string("message_id") ?? "", envelopeFrom: row.string("envelope_from") ?? "",
            recipients: (row.string("recipients") ?? "").split(separator: "\n").map(String.init),
            from: row.string("from_address") ?? "", to: row.string("to_address") ?? "",
            subject: row.string("subject") ?? "", text: row.string("text") ?? "", raw: row.bytes("raw") ?? [])
        return OutboxItem(
            id: row.int64("id") ?? 0, leadID: row.int64("lead_id") ?? 0, mail: mail,
            state: row.string("state").flatMap(OutboxItem.State.init(rawValue:)) ?? .queued,
            attempts: row.int("attempts") ?? 0, nextAttemptAt: row.date("next_attempt_at") ?? .distantPast,
            lastError: row.string("last_error"), createdAt: row.date("created_at") ?? .distantPast,
            sentAt: row.date("sent_at"))
    }

    static let userColumns = "id, email, name, role, team, disabled_at"

    static func user(_ row: PostgresRow, id: String = "id") -> User {
        User(
            id: row.int64(id) ?? 0, email: row.string("email") ?? "", name: row.string("name") ?? "",
            role: row.string("role").flatMap(Role.init(rawValue:)) ?? .sales, team: row.string("team"),
            isDisabled: row.string("disabled_at") != nil)
    }
}
