import Foundation
import MIME
import Testing

@testable import Leads

/// The sample inbox (`maildir-samples/`, labelled in `Tests/Fixtures/samples-expected.json`) was written before
/// this extractor, by someone else: scoring it too keeps the figures of the labelled set honest.
@Suite("Extraction accuracy over the sample inbox (written independently)")
struct SampleInboxAccuracyTests {
    struct Sample: Decodable {
        var file: String
        var outcome: String
        var email: String?
        var name: String?
        var phone: String?
        var company: String?
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let extractor = EnquiryExtractor(
        classifier: SourceClassifier(rules: []),
        policy: ReplyPolicy(
            ourAddresses: [
                "sales@acme.example", "info@acme.example", "expo@acme.example",
                "noreply@acme.example",
            ],
            staffDomains: ["acme.example"], formSenders: ["forms@acme.example"]),
        defaultCountry: "GB")

    @Test("every lead sample: email, name, phone and company as the label says (table printed)")
    func samples() throws {
        let labels = try JSONDecoder().decode(
            [Sample].self,
            from: Data(
                contentsOf:
                    Self.root.appendingPathComponent("Tests/Fixtures/samples-expected.json")))
        var scores = FieldScores()
        for sample in labels where sample.outcome == "lead" {
            let url = Self.root.appendingPathComponent("maildir-samples/new/\(sample.file)")
            let message = try MessageParser().parse(Array(Data(contentsOf: url)))
            let contact = extractor.enquiry(from: message)?.contact
            func check(_ field: String, _ got: String?, _ want: String?) {
                scores.score(field, got == want, file: sample.file, got: got ?? "nil", want: want ?? "nil")
            }
            let email = contact.map { EmailAddress.normalised($0.email) }
            check("email", email, sample.email.map(EmailAddress.normalised))
            check("name", contact?.name, sample.name)
            check("phone", contact?.phone, sample.phone)
            check("company", contact?.company, sample.company)
        }
        print("Sample inbox accuracy:\n\(scores.table)")
        if !scores.misses.isEmpty { print("Misses:\n" + scores.misses.joined(separator: "\n")) }
        #expect(scores.accuracy("email") == 1)
        #expect(scores.accuracy("name") == 1)
        #expect(scores.accuracy("phone") == 1)
        #expect(scores.accuracy("company") == 1)
    }
}
