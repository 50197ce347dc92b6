import Foundation
import MIME
import Testing

@testable import Leads

/// One labelled fixture: the file and the enquiries a person reading it would record.
struct LabelledMessage: Decodable {
    struct Expected: Decodable {
        var name: String?
        var email: String
        /// E.164.
        var phone: String?
        var company: String?
        var jobTitle: String?
        var isForward: Bool
        /// The forwarding colleague's address.
        var forwardedBy: String?
        /// How the enquiry text starts once greeting is gone.
        var textStart: String?
        var staffNoteStart: String?
        /// Custom fields a form carried beyond the standard ones.
        var extra: [String: String]?
    }

    var file: String
    var leads: [Expected]
}

/// Per-field tallies over the fixture set.
struct FieldScores {
    private(set) var counts: [(field: String, right: Int, total: Int)] = []
    private(set) var misses: [String] = []

    mutating func score(_ field: String, _ right: Bool, file: String, got: String, want: String) {
        if let index = counts.firstIndex(where: { $0.field == field }) {
            counts[index].total += 1
            if right { counts[index].right += 1 }
        } else {
            counts.append((field, right ? 1 : 0, 1))
        }
        if !right { misses.append("\(file) \(field): got \(got), want \(want)") }
    }

    func accuracy(_ field: String) -> Double {
        guard let entry = counts.first(where: { $0.field == field }), entry.total > 0 else { return 0 }
        return Double(entry.right) / Double(entry.total)
    }

    var table: String {
        var lines = ["field          right / total   accuracy"]
        for entry in counts {
            let percent = String(format: "%6.1f%%", 100 * Double(entry.right) / Double(entry.total))
            lines.append(
                entry.field.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: "%5d / %-5d  ", entry.right, entry.total) + percent)
        }
        return lines.joined(separator: "\n")
    }
}

@Suite("Extraction accuracy over labelled messages")
struct ExtractionAccuracyTests {
    /// Acme's configuration as a UK company: colleagues on acme.example, web forms sent from two robots there.
    let extractor = EnquiryExtractor(
        classifier: SourceClassifier(rules: []),
        policy: ReplyPolicy(
            ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"],
            formSenders: ["forms@acme.example", "wordpress@acme.example"]),
        defaultCountry: "GB")

    /// The floor per field: what the extractor achieves today, so that a change that loses accuracy fails.
    static let floors: [String: Double] = [
        "email": 1.0, "name": 1.0, "phone": 0.96, "company": 0.98, "jobTitle": 0.97, "isForward": 1.0,
        "forwardedBy": 1.0, "text": 1.0, "staffNote": 1.0, "customFields": 1.0, "leads found": 1.0,
    ]

    static func fixtures() throws -> (URL, [LabelledMessage]) {
        let folder = try #require(
            Bundle.module.url(forResource: "extraction", withExtension: nil, subdirectory: "Fixtures"))
        let labels = try JSONDecoder().decode(
            [LabelledMessage].self, from: Data(contentsOf: folder.appendingPathComponent("labels.json")))
        return (folder, labels)
    }

    @Test("the set is large and covers every layout")
    func coverage() throws {
        let (folder, labels) = try Self.fixtures()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        #expect(labels.count >= 80)
        #expect(Set(files) == Set(labels.map(\.file)), "every .eml is labelled and every label has its .eml")
        for layout in [
            "direct-", "outlook-html-", "cf7-", "gravity-", "typeform-", "hubspot-", "googleforms-",
            "keyvalue-", "htmltable-", "fwd-gmail-", "fwd-gmail-de-", "fwd-outlook-", "fwd-outlook-de-",
            "fwd-outlook-fr-", "fwd-outlook-es-", "fwd-owa-", "fwd-owa-html-", "fwd-apple-",
            "fwd-apple-de-", "fwd-thunderbird-", "fwd-thunderbird-de-", "fwd-attached-", "reply-",
            "colleague-",
        ] {
            #expect(labels.contains { $0.file.hasPrefix(layout) }, "no fixture for \(layout)")
        }
    }

    @Test("per-field accuracy is at or above its floor (the table is printed)")
    func accuracy() throws {
        let (folder, labels) = try Self.fixtures()
        var scores = FieldScores()
        for labelled in labels {
            let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(labelled.file)))
            let message = try MessageParser().parse(bytes)
            let found = extractor.enquiries(from: message)
            scores.score(
                "leads found", found.count == labelled.leads.count, file: labelled.file,
                got: "\(found.count)", want: "\(labelled.leads.count)")
            for (index, want) in labelled.leads.enumerated() {
                let got = index < found.count ? found[index] : nil
                Self.score(got, against: want, file: labelled.file, into: &scores)
            }
        }
        print("Extraction accuracy over \(labels.count) messages:\n\(scores.table)")
        if !scores.misses.isEmpty { print("Misses:\n" + scores.misses.joined(separator: "\n")) }
        for (field, floor) in Self.floors {
            #expect(scores.accuracy(field) >= floor, "\(field): \(scores.accuracy(field)) < \(floor)")
        }
    }

    static func score(
        _ got: Enquiry?, against want: LabelledMessage.Expected, file: String,
        into scores: inout FieldScores
    ) {
        func check(_ field: String, _ value: String?, _ expected: String?) {
            scores.score(field, value == expected, file: file, got: value ?? "nil", want: expected ?? "nil")
        }
        let contact = got?.contact
        check("email", contact.map { EmailAddress.normalised($0.email) }, EmailAddress.normalised(want.email))
        check("name", contact?.name, want.name)
        check("phone", contact?.phoneE164, want.phone)
        check("company", contact?.company, want.company)
        check("jobTitle", contact?.jobTitle, want.jobTitle)
        check("isForward", got.map { "\($0.isForward)" }, "\(want.isForward)")
        check("forwardedBy", got?.forwardedBy.map { EmailAddress.normalised($0.address) }, want.forwardedBy)
        if let start = want.textStart {
            let text = got?.text ?? ""
            let right = text.hasPrefix(start) && !text.contains("-- \n") && !text.lowercased().contains("regards")
            scores.score("text", right, file: file, got: String(text.prefix(60)), want: start)
        }
        if let start = want.staffNoteStart {
            let note = got?.staffNote ?? ""
            scores.score("staffNote", note.hasPrefix(start), file: file, got: String(note.prefix(40)), want: start)
        }
        for (key, value) in want.extra ?? [:] {
            let field = got?.extraFields.first { $0.name == key }?.value
            check("customFields", field, value)
        }
    }
}
