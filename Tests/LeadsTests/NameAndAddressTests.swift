import Testing

@testable import Leads

@Suite("Names and addresses")
struct NameAndAddressTests {
    @Test(
        "cleans names the way people type them",
        arguments: [
            ("\"Schmidt, Anna\"", "Anna Schmidt"),
            ("  Jane   Okafor ", "Jane Okafor"),
            ("anna@example.com", nil),
            ("", nil),
        ] as [(String, String?)])
    func cleanNames(raw: String, expected: String?) {
        #expect(PersonName.clean(raw) == expected)
    }

    @Test("greets by first name, skipping titles")
    func firstNames() {
        #expect(PersonName.firstName(of: "Dr. Maria Lopez") == "Maria")
        #expect(PersonName.firstName(of: "Jane Okafor") == "Jane")
    }

    @Test("address patterns: exact, domain wildcard, case-insensitive")
    func addressPatterns() {
        #expect(AddressPattern("Expo@Acme.example").matches("expo@acme.example"))
        #expect(!AddressPattern("expo@acme.example").matches("expo2@acme.example"))
        #expect(AddressPattern("*@partner.example").matches("Ann@Partner.example"))
        #expect(!AddressPattern("*@partner.example").matches("ann@partner.example.evil"))
        #expect(AddressPattern("sales+*@acme.example").matches("sales+webinar@acme.example"))
    }

    @Test(
        "plausible addresses",
        arguments: [
            ("a@b.example", true), ("a@b", false), ("a b@c.example", false), ("@c.example", false),
            ("a@.example", false),
        ])
    func plausible(address: String, expected: Bool) {
        #expect(EmailAddress.isPlausible(address) == expected)
    }

    @Test("the fingerprint is stable and tells contents apart")
    func fingerprint() {
        #expect(Fingerprint.of(["a", "b"]) == Fingerprint.of(["a", "b"]))
        #expect(Fingerprint.of(["a", "b"]) != Fingerprint.of(["ab", ""]))
        #expect(Fingerprint.of(["x"]).count == 32)
    }
}
