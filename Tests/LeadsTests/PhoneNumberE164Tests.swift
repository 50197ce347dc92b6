import Testing

@testable import Leads

@Suite("Phone numbers in E.164")
struct PhoneNumberE164Tests {
    @Test(
        "national and international spellings",
        arguments: [
            ("020 7946 0321", "GB", "+442079460321"),
            ("+44 (0)20 7946 0321", "DE", "+442079460321"),
            ("0044 20 7946 0321", "GB", "+442079460321"),
            ("(030) 901820-44", "DE", "+493090182044"),
            ("0171/555 1234", "DE", "+491715551234"),
            ("06 12 34 56 78", "FR", "+33612345678"),
            ("91 555 01 23", "ES", "+34915550123"),
            ("02 1234 5678", "IT", "+390212345678"),
            ("(217) 555-0143", "US", "+12175550143"),
            ("1-217-555-0143", "US", "+12175550143"),
            ("011 44 20 7946 0321", "US", "+442079460321"),
            ("+1 (217) 555-0143 ext. 12", "GB", "+12175550143"),
            ("+1-525-538-7069x37745", "GB", "+15255387069"),
            ("(744)813-7148x936", "US", "+17448137148"),
            ("07700 900123", "uk", "+447700900123"),
        ])
    func normalises(raw: String, country: String, expected: String) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == expected)
    }

    @Test(
        "what is not a number, or not one we can place",
        arguments: [
            ("call me", "GB"), ("12345", "GB"), ("020 7946 0321", "XX"), ("+44 20 7946 0321 5555 5555", "GB"),
        ])
    func rejects(raw: String, country: String) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == nil)
    }

    @Test("the calling-code table knows its trunk prefixes")
    func table() throws {
        #expect(try #require(CallingCode.forCountry("it")).trunkPrefix == "")
        #expect(try #require(CallingCode.forCountry("GB")).code == "44")
        #expect(Set(CallingCode.table.map(\.country)).count == CallingCode.table.count, "one row per country")
    }
}

/// The byte-level reading of ASCII numbers gives what the Character rule gives, on generated text.
@Suite struct PhoneDigitsAgreementTests {
    @Test("10,000 generated numbers: the same digits, or the same refusal, as the Character rule")
    func agrees() {
        let pieces = [
            "0", "4", "9", "+", "(", ")", "-", ".", "/", " ", "\u{00A0}", "a", "x", "#", "\r\n", "٣", "١", ":",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let text = (0..<Int.random(in: 0...16, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let rule: String? =
                text.allSatisfy({ $0.isNumber || "+()-./ \u{00A0}".contains($0) })
                ? text.filter(\.isASCII).filter(\.isNumber) : nil
            #expect(PhoneNumber.digitsOfNumber(text) == rule, "\(text.debugDescription)")
        }
    }
}
