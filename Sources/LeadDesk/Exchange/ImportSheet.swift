import Foundation
import LeadStore
import Leads

/// A spreadsheet of leads to import, read the way its author's spreadsheet program wrote it: the separator (`,`,
/// or `;` and tab as Excel writes CSV where the comma is the decimal mark), a UTF-8 byte order mark, and numbers
/// in the matching notation. What it had to guess is in `guesses`, for the person importing to check.
public struct ImportSheet: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [(line: Int, fields: [String])]
    public let separator: Character
    /// Whether a number's decimal mark is a comma (`12.000,50`): in a file separated by `;` or tab.
    public let decimalComma: Bool
    /// What was detected, in words: the separator, the BOM, how numbers are read.
    public let guesses: [String]
    let columns: ImportColumns

    /// - Parameter file: the file's name, for messages and the enquiries' subject.
    /// - Throws: `ImportError` when the text is no table, or has no Email column.
    public init(text: String, file: String) throws(ImportError) {
        self.file = file
        separator = CSVTable.separator(of: text)
        decimalComma = separator != ","
        let table: [(line: Int, fields: [String])]
        do { table = try CSVTable.parse(text, separator: separator) } catch {
            throw .unreadable(file, error.description)
        }
        guard let first = table.first else { throw .empty(file) }
        header = first.fields
        rows = Array(table.dropFirst())
        columns = ImportColumns(header: header)
        var guesses = ["columns separated by \(Self.name(of: separator))"]
        if text.first == "\u{FEFF}" { guesses.append("a UTF-8 byte order mark, skipped") }
        guesses.append(decimalComma ? "numbers as 12.000,50" : "numbers as 12,000.50")
        self.guesses = guesses
        guard columns.field["email"] != nil else { throw .noEmailColumn(file, header) }
    }

    static func name(of separator: Character) -> String {
        switch separator {
        case ";": "semicolons"
        case "\t": "tabs"
        default: "commas"
        }
    }

    /// Columns LeadMail reads, by the name it gave them.
    public var readColumns: [String] { columns.field.values.sorted().map { header[$0] } }
    /// Columns kept with each enquiry as form fields (Job Title, Country …): they count for scoring and territory.
    public var formColumns: [String] {
        header.indices.filter { !columns.known.contains($0) && !columns.ignored.contains($0) }.map { header[$0] }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
    /// Columns read by nothing, with why.
    public var ignoredColumns: [String] {
        columns.ignored.sorted().map { index in
            let name = header[index]
            return name.trimmingCharacters(in: .whitespaces).isEmpty
                ? "column \(index + 1) (no name)" : "\(name) (LeadMail computes it)"
        }
    }

    /// One row as a lead's facts, or why it cannot be imported.
    func read(_ fields: [String], source: String, campaign: String?, calendar: WorkingCalendar, now: Date)
        -> Result<ImportRow, ImportRow.Problem>
    {
        ImportRow.read(fields, sheet: self, source: source, campaign: campaign, calendar: calendar, now: now)
    }

    /// An amount as the file writes it: `12,000`, `12.000,50`, `€ 5 000`; nil when it is not one.
    func amount(_ text: String) -> Double? {
        var digits = text.filter { !$0.isWhitespace && !"€$£¥".contains($0) }
        if decimalComma {
            digits = digits.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            digits = digits.replacingOccurrences(of: ",", with: "")
        }
        return Double(digits).flatMap { $0.isFinite ? $0 : nil }
    }
}

/// Which column holds what, by the header's names (case, spaces and punctuation ignored), with the names other
/// systems' exports use.
struct ImportColumns: Sendable {
    let field: [String: Int]
    /// Indices of the columns read into a field.
    let known: Set<Int>
    /// Indices of columns that are neither read nor kept (a computed score, a column without a name).
    let ignored: Set<Int>

    static let aliases: [String: [String]] = [
        "email": ["email", "emailaddress", "e-mail", "mail"],
        "first": ["firstname", "givenname", "forename", "vorname"],
        "last": ["lastname", "surname", "familyname", "nachname"],
        "name": ["name", "fullname", "contactname", "contact"],
        "phone": ["phone", "phonenumber", "telephone", "tel", "mobile", "mobilephonenumber", "telefon"],
        "company": [
            "company", "companyname", "account", "accountname", "organisation", "organization", "firma",
        ],
        "source": ["leadsource", "source", "originalsource"],
        "campaign": ["campaign", "campaignname"],
        "text": ["description", "enquiry", "inquiry", "message", "notes", "comments"],
        "id": ["leadmailid"],
        "status": ["leadstatus", "status"],
        "rating": ["rating"],
        "owner": ["leadowner", "owner", "recordowner", "contactowner"],
        "created": ["createddate", "createdate", "created"],
        "tags": ["tags"],
        "value": ["value", "amount"],
        "closeDate": ["closedate"],
        "reason": ["rejectionreason", "reasonnotconverted"],
    ]
    /// Columns of LeadMail's own exports that it computes again rather than reads.
    static let computed: Set<String> = ["score", "leadscore", "lifecyclestage"]

    init(header: [String]) {
        var field: [String: Int] = [:]
        var ignored = Set<Int>()
        for (index, name) in header.enumerated() {
            let key = name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
            if key.isEmpty || Self.computed.contains(key) {
                ignored.insert(index)
            } else if let name = Self.aliases.first(where: { $0.value.contains(key) })?.key, field[name] == nil {
                field[name] = index
            }
        }
        self.field = field
        known = Set(field.values)
        self.ignored = ignored
    }
}

/// Why a file cannot be imported at all.
public enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(String, String)
    case empty(String)
    case noEmailColumn(String, [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let problem): "\(file): \(problem)"
        case .empty(let file): "\(file) is empty"
        case .noEmailColumn(let file, let header):
            "\(file) has no Email column; the first row must name the columns (it names: "
                + header.prefix(8).joined(separator: ", ") + (header.count > 8 ? ", …" : "") + ")"
        }
    }
}
