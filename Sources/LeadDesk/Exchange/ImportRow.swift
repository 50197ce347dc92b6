import Foundation
import LeadStore
import Leads

/// One row of an import: the enquiry it records, and the work already done on the lead elsewhere (status,
/// rating, owner, tags, value, dates) that travels with it.
struct ImportRow: Sendable {
    struct Problem: Error, Sendable { var reason: String }

    var message: InboundMessage
    var email: String
    /// The lead this row was exported from (`L17`), when the file came from LeadMail.
    var leadID: Int64?
    var status: LeadStatus?
    var rating: LeadRating?
    var owner: String?
    var createdAt: Date?
    var tags: [String]
    var value: Double?
    var closeDate: String?
    var rejectReason: String?
    var source: String
    var campaign: String?

    /// Whether the row carries anything beyond the enquiry for a new lead to take over.
    var carriesWork: Bool {
        owner != nil || (status.map { $0 != .new } ?? false) || rating != nil || !tags.isEmpty || createdAt != nil
    }

    /// A value that stands for "nobody gave one", like Salesforce's `[not provided]`: never data.
    static func isPlaceholder(_ text: String) -> Bool {
        text.hasPrefix("[") && text.hasSuffix("]")
            && ["not provided", "unknown", "none", "n/a"].contains(
                text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Statuses as LeadMail, Salesforce and HubSpot write them.
    static func status(_ text: String) -> LeadStatus? {
        let key = text.lowercased().filter { $0.isLetter }
        if let status = LeadStatus(rawValue: key) { return status }
        let known: [String: LeadStatus] = [
            "opennotcontacted": .new, "open": .new, "workingcontacted": .contacted, "connected": .contacted,
            "attemptedtocontact": .new, "inprogress": .contacted, "opendeal": .qualified,
            "closedconverted": .converted, "closednotconverted": .rejected, "unqualified": .rejected,
            "badtiming": .nurture,
        ]
        return known[key]
    }

    static func rating(_ text: String) -> LeadRating? {
        switch text.lowercased() {
        case "a", "hot": .a
        case "b", "warm": .b
        case "c", "cold": .c
        case "d": .d
        default: nil
        }
    }

    static func read(
        _ fields: [String], sheet: ImportSheet, source: String, campaign: String?, calendar: WorkingCalendar,
        now: Date
    ) -> Result<ImportRow, Problem> {
        func value(_ key: String) -> String? {
            guard let index = sheet.columns.field[key], index < fields.count else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || isPlaceholder(text) ? nil : text
        }
        guard fields.count <= sheet.header.count else {
            return .failure(Problem(reason: "\(fields.count) fields but the header names \(sheet.header.count)"))
        }
        guard let email = value("email") else { return .failure(Problem(reason: "no email address")) }
        guard EmailAddress.isPlausible(email) else {
            return .failure(Problem(reason: "'\(email)' is not an email address"))
        }
        var row = ImportRow(
            message: InboundMessage(
                messageID: nil, fingerprint: "", threadIDs: [], date: now, from: "", to: "", subject: nil, text: "",
                enquiry: nil),
            email: email, tags: [], source: value("source") ?? source, campaign: value("campaign") ?? campaign)
        if let text = value("id") {
            let digits = text.hasPrefix("L") || text.hasPrefix("l") ? String(text.dropFirst()) : text
            guard let id = Int64(digits) else { return .failure(Problem(reason: "'\(text)' is not a LeadMail ID")) }
            row.leadID = id
        }
        if let text = value("status") {
            guard let known = Self.status(text) else {
                let names = LeadStatus.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(Problem(reason: "'\(text)' is not a lead status; use one of \(names)"))
            }
            row.status = known
        }
        if let text = value("rating") {
            guard let known = Self.rating(text) else {
                return .failure(Problem(reason: "'\(text)' is not a rating; use A, B, C or D (or Hot, Warm, Cold)"))
            }
            row.rating = known
        }
        if let text = value("owner") {
            guard EmailAddress.isPlausible(text) else {
                return .failure(Problem(reason: "the owner '\(text)' is not an address; give the owner's email"))
            }
            row.owner = EmailAddress.normalised(text)
        }
        if let text = value("created") {
            guard let date = Self.date(text, calendar: calendar) else {
                return .failure(Problem(reason: "'\(text)' is not a date; write 2026-12-01 or 2026-12-01T09:30:00Z"))
            }
            row.createdAt = date
        }
        if let text = value("value") {
            guard let amount = sheet.amount(text), amount >= 0 else {
                let example = sheet.decimalComma ? "12.000,50" : "12,000.50"
                return .failure(Problem(reason: "'\(text)' is not an amount; this file's numbers read as \(example)"))
            }
            row.value = amount
        }
        if let text = value("closeDate") {
            guard calendar.date(of: text) != nil else { return .failure(Problem(reason: "'\(text)' is not a day")) }
            row.closeDate = text
        }
        row.rejectReason = value("reason")
        row.tags = (value("tags") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let name = value("name") ?? [value("first"), value("last")].compactMap { $0 }.joined(separator: " ")
        let extra = sheet.formColumns.compactMap { title -> FormField? in
            guard let index = sheet.header.firstIndex(of: title), index < fields.count else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || isPlaceholder(text) ? nil : FormField(name: title, value: text)
        }
        let contact = ContactDetails(
            name: name.isEmpty ? nil : name, email: email, phone: value("phone"), company: value("company"))
        let text = value("text") ?? ""
        let subject = "Imported from \((sheet.file as NSString).lastPathComponent)"
        let enquiry = Enquiry(
            contact: contact, subject: subject, text: text, extraFields: extra, isFormSubmission: true,
            source: row.source, campaign: row.campaign)
        // The same row imported again is a duplicate; the same person on another row is a repeat enquiry.
        let fingerprint = Fingerprint.of(["import", EmailAddress.normalised(email), name, contact.company ?? "", text])
        row.message = InboundMessage(
            messageID: nil, fingerprint: fingerprint, threadIDs: [], date: row.createdAt ?? now,
            from: name.isEmpty ? email : "\(name) <\(email)>", to: "import", subject: subject, text: text,
            enquiry: enquiry)
        return .success(row)
    }

    /// `2026-12-01T09:30:00Z` (as LeadMail exports), `2026-12-01 09:30:00`, or a day `2026-12-01` (midnight in the
    /// office's time zone).
    static func date(_ text: String, calendar: WorkingCalendar) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = calendar.timeZone
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return calendar.date(of: text)
    }
}
