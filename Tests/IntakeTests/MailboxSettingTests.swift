import Testing

@testable import Intake

/// `ConfigurationLoader.mailbox` reads leadmail.yml's addresses and, in the lead rules, the sender of a lead's
/// newest mail as the log stored it: a bare address, or a display name with the address in angle brackets.
@Suite("Mailbox text: name and address")
struct MailboxSettingTests {
    @Test(
        "names, quotes, spaces and tabs around, angle brackets",
        arguments: [
            ("Jane Okafor <jane@brightwater.example>", "Jane Okafor", "jane@brightwater.example"),
            ("  \"Okafor, Jane\" <jane@brightwater.example>\t", "Okafor, Jane", "jane@brightwater.example"),
            ("<sales@acme.example>", nil, "sales@acme.example"),
            ("sales@acme.example", nil, "sales@acme.example"),
            ("\t ben@acme.example ", nil, "ben@acme.example"),
            ("Zoë Ångström <zoe@nordic.example>", "Zoë Ångström", "zoe@nordic.example"),
            ("Sales <sales@acme.example> <other@acme.example>", "Sales <sales@acme.example>", "other@acme.example"),
        ] as [(String, String?, String)])
    func reads(text: String, name: String?, address: String) throws {
        let mailbox = try #require(ConfigurationLoader.mailbox(text))
        #expect(mailbox.name == name)
        #expect(mailbox.address == address)
    }

    @Test("no plausible address: nil", arguments: ["", "Jane Okafor", "Jane <not an address>", "> jane@x <"])
    func refuses(text: String) {
        #expect(ConfigurationLoader.mailbox(text) == nil)
    }
}
