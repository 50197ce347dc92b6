import Testing

@testable import Leads

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

/// The byte-level fast path for plain ASCII addresses gives what the rules as written give, refusals included.
@Suite("The address check's fast path")
struct AddressCheckFastPathTests {
    @Test("20,000 generated addresses: the same result with and without the fast path")
    func agrees() {
        let pieces = [
            "a", "Z", "0", "9", ".", "..", "@", "-", "_", "+", "=", "?", "=?", "\"", " ", "\t", "\\", "é", "\u{0}",
            "\u{7F}", "\r\n", "<", ">", ",", "example", "co", "xn--bcher-kva", String(repeating: "a", count: 63),
            String(repeating: "b", count: 64), "!#$%&'*/^`{|}~", "ü", "\u{FFFD}",
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            var text = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            if round % 2 == 0 {
                text += "@" + ["one.example", "b-c.d", "-x.example", "x.", "x..y", "a.b-"][round / 2 % 6]
            }
            let fast = EmailAddress.checked(text)
            let rules = EmailAddress.checkedByCharacters(text)
            #expect(fast == rules, "\(text.debugDescription)")
        }
    }

    @Test("the longest parts either way", arguments: [63, 64, 65, 253, 254, 255])
    func lengths(_ length: Int) {
        let local = String(repeating: "l", count: min(length, 70))
        let labels = (0..<5).map { _ in String(repeating: "d", count: 63) }.joined(separator: ".")
        for text in [
            local + "@one.example", "a@" + String(labels.prefix(length - 2)),
            "a@" + String(repeating: "d", count: length),
            local + "@" + String(labels.prefix(max(0, length - local.count - 1))),
        ] {
            #expect(EmailAddress.checked(text) == EmailAddress.checkedByCharacters(text), "\(text)")
        }
    }
}
