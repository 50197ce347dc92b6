import Foundation
import MIME
import Testing

@testable import Leads

/// Issue 18, point 5: a web form's message opening with a Welsh greeting ("Bore da! We supply shielding gas …")
/// kept only its first line, and "Do you offer a reseller price list?" was lost: the enquirer's own
/// `Site:` and `Note:` lines were taken for form fields. A greeting in any language, and a label in the
/// enquirer's prose, is no reason to stop: the enquiry keeps all of the sender's words.
@Suite("The enquiry keeps every word after a greeting in any language")
struct EnquiryGreetingTests {
    static let extractor = EnquiryExtractor(
        classifier: SourceClassifier(rules: []),
        policy: ReplyPolicy(
            ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"],
            formSenders: ["forms@acme.example"]))

    static func enquiry(_ fixture: String) throws -> Enquiry {
        let url = try #require(
            Bundle.module.url(
                forResource: "greetings/\(fixture)", withExtension: "eml",
                subdirectory: "Fixtures"))
        let message = try MessageParser().parse(Array(Data(contentsOf: url)))
        return try #require(extractor.enquiries(from: message).first)
    }

    @Test(
        "web forms whose message opens with a greeting and holds labelled lines of the enquirer's",
        arguments: [
            (
                "welsh-bore-da-form", "Bore da! We supply shielding gas", "Do you offer a reseller price list?",
                "Diolch",
                ["Country"]
            ),
            (
                "german-guten-tag-form", "Wir sind ein Metallbaubetrieb", "Rahmenvertrag für 40 Flaschen im Monat?",
                "Mit freundlichen Grüßen", []
            ),
            ("maori-kia-ora-form", "We build aluminium boats", "who is your\nagent there?", "Ngā mihi", []),
        ])
    func formMessageKeepsEveryWord(
        fixture: String, opening: String, question: String, signOff: String, formFields: [String]
    ) throws {
        let enquiry = try Self.enquiry(fixture)
        #expect(enquiry.isFormSubmission)
        #expect(enquiry.text.contains(opening), "\(fixture): \(enquiry.text)")
        #expect(enquiry.text.contains(question), "\(fixture): \(enquiry.text)")
        #expect(!enquiry.text.contains(signOff), "\(fixture): the sign-off is not the enquiry: \(enquiry.text)")
        #expect(enquiry.extraFields.map(\.name) == formFields, "\(fixture): the enquirer's lines are no fields")
    }

    @Test("the Welsh enquiry is whole: its site, its note and the question")
    func welshWhole() throws {
        let text = try Self.enquiry("welsh-bore-da-form").text
        #expect(
            text == """
                Bore da! We supply shielding gas and consumables to fabrication shops.
                Site: Port Talbot, SA13.
                Note: several customers want gas leak detection (argon/CO2 O2-depletion
                monitors) in their welding bays. Do you offer a reseller price list?
                """)
    }

    @Test(
        "a greeting line in another language is taken off the top and the rest kept",
        arguments: [
            "Bore da,", "Shwmae!", "Dzień dobry,", "Goedemorgen,", "Bom dia!", "Kia ora,", "Hej,", "Merhaba,",
        ])
    func greetingLine(greeting: String) {
        let body = "\(greeting)\nWe need 20 cylinders of argon a month.\nCan you quote delivery to Swansea?\n"
        #expect(
            EnquiryText.enquiry(in: body)
                == "We need 20 cylinders of argon a month.\nCan you quote delivery to Swansea?")
    }

    @Test("a form's one-line answers after the message stay fields of their own")
    func oneLineAnswersStayFields() throws {
        let form = try #require(
            FormNotification(
                text: """
                    Name: Li Wei
                    Email: li@x.example
                    Message:
                    Shwmae! Please call me about a bulk tank.
                    How did you hear about us?: Trade show
                    Consent: yes
                    """))
        #expect(form.value(.message) == "Shwmae! Please call me about a bulk tank.")
        #expect(form.extraFields.map(\.name) == ["How did you hear about us?", "Consent"])
    }
}
