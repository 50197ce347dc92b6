import Leads
import Testing

/// `EmailAddress.checked`, the one check a contact's address passes before a reply may go to it.
@Suite("The address check every reply passes")
struct AddressCheckTests {
    @Test(
        "one mailbox passes, in its canonical form",
        arguments: [
            ("anna@one.example", "anna@one.example"), ("  anna@one.example ", "anna@one.example"),
            ("\"john smith\"@client.example", "\"john smith\"@client.example"),
            ("\"j.smith\"@client.example", "j.smith@client.example"),
            ("anna+quotes@bücher.example", "anna+quotes@bücher.example"),
            ("o'neil@client.example", "o'neil@client.example"),
        ])
    func usable(_ written: String, _ canonical: String) {
        #expect((try? EmailAddress.checked(written).get()) == canonical)
    }

    @Test(
        "anything else is refused with a reason",
        arguments: [
            "anna@one.example, bob@two.example", "anna@one.example bob@two.example", "anna@one.example>",
            "<anna@one.example",
            "mailto:anna@one.example?bcc=victim@three.example", "sam\u{0}@one.example", "sam\u{FFFD}@one.example",
            "=?utf-8?q?maria=40client=2Eexample?=", "anna@localhost", "anna@-one.example", "@one.example", "anna@",
            "\"unclosed@client.example", String(repeating: "a", count: 65) + "@one.example", "a@b@c.example",
        ])
    func unusable(_ written: String) throws {
        let refusal = try #require(throws: EmailAddress.Unusable.self) { try EmailAddress.checked(written).get() }
        #expect(!refusal.problem.isEmpty)
    }
}
