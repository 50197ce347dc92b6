import ArgumentParser
import Foundation
import Intake
import Leads

/// `leads export` and `leads import`: spreadsheets in and out, with CRM-friendly headers.
extension LeadsCommand {
    /// The export's columns: Salesforce's Lead import labels, which HubSpot's import also maps on its own.
    static let exportHeader = [
        "First Name", "Last Name", "Email", "Phone", "Company", "Lead Source", "Campaign", "Lead Status", "Rating",
        "Score", "Lead Owner", "Description", "Created Date", "LeadMail ID",
    ]

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write leads as CSV with headers Salesforce and HubSpot imports accept.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The CSV file (default: standard output).") var output: String?
        @Option(help: "Only leads with this status.") var status: LeadStatus?
        @Option(help: "Only leads from this source.") var source: String?
        @Option(help: "Only leads of this campaign.") var campaign: String?

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            try await context.perform { try context.desk.check(.export, by: user) }
            let leads = try await context.perform {
                try await context.desk.leads(
                    LeadSearch(status: status, source: source, campaign: campaign, order: .newest), by: user)
            }
            let rows = leads.reversed().map { item -> [String] in
                let lead = item.lead
                let (first, last) = Self.split(lead.name)
                return [
                    first, last ?? "[not provided]", lead.email, lead.phone ?? "", lead.company ?? "[not provided]",
                    lead.source, lead.campaign ?? "", lead.status.rawValue, item.lifecycle.rating?.rawValue ?? "",
                    "\(item.lifecycle.score)", item.lifecycle.owner ?? "", lead.enquiry,
                    lead.createdAt.formatted(.iso8601), lead.number,
                ]
            }
            let csv = CSVTable.render([LeadsCommand.exportHeader] + rows)
            if let output {
                do {
                    try csv.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandFailure("Cannot write \(output): \(error.localizedDescription)")
                }
                print("\(counted(rows.count, "lead")) written to \(output).")
            } else {
                print(csv, terminator: "")
            }
        }

        /// Salesforce needs a last name: "Jane Okafor" → ("Jane", "Okafor"); one word is the last name.
        static func split(_ name: String?) -> (String, String?) {
            guard let name, !name.isEmpty else { return ("", nil) }
            let words = name.split(separator: " ")
            guard words.count > 1 else { return ("", name) }
            return (words.dropLast().joined(separator: " "), String(words.last!))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record leads from a CSV file (spreadsheets, trade-show scanners), all or nothing.",
            discussion: """
                The first row names the columns: Email (required), First Name, Last Name or Name, Phone, Company, \
                Lead Source, Campaign, Description (or Enquiry, Notes); other columns (Job Title, Country, …) are \
                kept as form fields and count for scoring and territory. A contact with an open lead gets a repeat \
                enquiry on it; a row imported before is a duplicate. With any row rejected nothing is imported, \
                unless --skip-invalid.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The source of rows without a Lead Source column.") var source = "import"
        @Option(help: "The campaign of rows without a Campaign column.") var campaign: String?
        @Flag(help: "Import the good rows even when some are rejected.") var skipInvalid = false

        func run() async throws {
            let (context, user) = try await LifecycleContext.acting(options, actor)
            try await context.perform { try context.desk.check(.create, by: user) }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CommandFailure("Cannot read \(file) as UTF-8 text; save it as CSV (UTF-8) and try again")
            }
            let table: [(line: Int, fields: [String])]
            do { table = try CSVTable.parse(text) } catch { throw CommandFailure("\(file): \(error.description)") }
            guard let header = table.first else { throw CommandFailure("\(file) is empty") }
            let reader = ImportRows(header: header.fields, source: source, campaign: campaign, file: file)
            guard reader.hasEmail else {
                throw CommandFailure("\(file) has no Email column; the first row must name the columns")
            }
            var messages: [(line: Int, message: InboundMessage)] = []
            var rejected: [(line: Int, reason: String)] = []
            for row in table.dropFirst() {
                switch reader.message(row.fields, now: context.now) {
                case .success(let message): messages.append((row.line, message))
                case .failure(let problem): rejected.append((row.line, problem.reason))
                }
            }
            for (line, reason) in rejected { print("\(file):\(line): rejected: \(reason)") }
            if !rejected.isEmpty && !skipInvalid {
                print(
                    "\(counted(rejected.count, "row")) rejected: nothing imported. "
                        + "Fix them, or use --skip-invalid to import the others.")
                throw ExitCode(1)
            }
            let outcomes = try context.store.recordBatch(messages.map(\.message), at: context.now)
            try await context.perform { try context.workflow.catchUp(now: context.now) }
            var counts = (created: 0, attached: 0, duplicates: 0)
            for ((line, _), outcome) in zip(messages, outcomes) {
                switch outcome {
                case .created(let lead):
                    counts.created += 1
                    print("\(file):\(line): new lead \(lead.number) \(lead.email)")
                case .attached(let lead, _):
                    counts.attached += 1
                    print("\(file):\(line): repeat enquiry on \(lead.number) \(lead.email)")
                case .duplicate(let id):
                    counts.duplicates += 1
                    print("\(file):\(line): duplicate, already recorded\(id.map { " on L\($0)" } ?? "")")
                case .ignored(let reason):
                    print("\(file):\(line): ignored, \(reason)")
                }
            }
            print(
                "\(counted(messages.count, "row")): \(counted(counts.created, "new lead")), "
                    + "\(counted(counts.attached, "repeat enquiry", "repeat enquiries")), "
                    + "\(counted(counts.duplicates, "duplicate")), \(rejected.count) rejected.")
        }
    }
}

/// Turns CSV rows into enquiries, by the header's column names (case and spacing ignored).
struct ImportRows {
    struct Problem: Error { var reason: String }

    let columns: [String: Int]
    let header: [String]
    let source: String
    let campaign: String?
    let file: String

    static let aliases: [String: [String]] = [
        "email": ["email", "emailaddress", "e-mail", "mail"],
        "first": ["firstname", "givenname", "forename"],
        "last": ["lastname", "surname", "familyname"],
        "name": ["name", "fullname", "contactname", "contact"],
        "phone": ["phone", "phonenumber", "telephone", "tel", "mobile", "mobilephonenumber"],
        "company": ["company", "companyname", "account", "accountname", "organisation", "organization"],
        "source": ["leadsource", "source"],
        "campaign": ["campaign", "campaignname"],
        "text": ["description", "enquiry", "inquiry", "message", "notes", "comments"],
    ]

    init(header: [String], source: String, campaign: String?, file: String) {
        self.header = header
        self.source = source
        self.campaign = campaign
        self.file = file
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
            if let field = Self.aliases.first(where: { $0.value.contains(key) })?.key, columns[field] == nil {
                columns[field] = index
            }
        }
        self.columns = columns
    }

    var hasEmail: Bool { columns["email"] != nil }

    func message(_ fields: [String], now: Date) -> Result<InboundMessage, Problem> {
        func value(_ key: String) -> String? {
            guard let index = columns[key], index < fields.count else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        guard fields.count <= header.count else {
            return .failure(Problem(reason: "\(fields.count) fields but the header names \(header.count)"))
        }
        guard let email = value("email") else { return .failure(Problem(reason: "no email address")) }
        guard EmailAddress.isPlausible(email) else {
            return .failure(Problem(reason: "'\(email)' is not an email address"))
        }
        let name = value("name") ?? [value("first"), value("last")].compactMap { $0 }.joined(separator: " ")
        let known = Set(columns.values)
        let extra = header.enumerated().compactMap { index, title -> FormField? in
            guard !known.contains(index), index < fields.count else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : FormField(name: title, value: text)
        }
        let contact = ContactDetails(
            name: name.isEmpty ? nil : name, email: email, phone: value("phone"), company: value("company"))
        let text = value("text") ?? ""
        let enquiry = Enquiry(
            contact: contact, subject: "Imported from \((file as NSString).lastPathComponent)", text: text,
            extraFields: extra, isFormSubmission: true, source: value("source") ?? source,
            campaign: value("campaign") ?? campaign)
        // The same row imported again is a duplicate; the same person on another row is a repeat enquiry.
        let fingerprint = Fingerprint.of(["import", EmailAddress.normalised(email), name, contact.company ?? "", text])
        return .success(
            InboundMessage(
                messageID: nil, fingerprint: fingerprint, threadIDs: [], date: now,
                from: name.isEmpty ? email : "\(name) <\(email)>", to: "import", subject: enquiry.subject, text: text,
                enquiry: enquiry))
    }
}

/// "1 row", "2 rows".
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
