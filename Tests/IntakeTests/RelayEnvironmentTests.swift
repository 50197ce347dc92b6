import Testing

@testable import Intake

/// `LEADMAIL_RELAY` beside leadmail.yml's `relay`: set, it wins; set but empty, it is not there.
@Suite("Configuration: LEADMAIL_RELAY")
struct RelayEnvironmentTests {
    func parse(_ yaml: String, environment: [String: String]) throws(ConfigurationError) -> LeadMailConfiguration {
        try ConfigurationLoader(environment: environment)
            .parse(yaml: WebSettingTests.base + yaml, file: "leadmail.yml", baseDirectory: "/srv")
    }

    @Test("an empty LEADMAIL_RELAY leaves the relay to leadmail.yml, and no relay without one")
    func emptyIsUnset() throws {
        let empty = ["LEADMAIL_RELAY": ""]
        #expect(try parse("", environment: empty).relay == nil)
        let configured = try parse("relay: smtp://mail.acme.example:587\n", environment: empty)
        #expect(configured.relay?.url == "smtp://mail.acme.example:587")
    }

    @Test("a LEADMAIL_RELAY with a URL replaces leadmail.yml's relay; a bad one is named")
    func setWins() throws {
        let set = ["LEADMAIL_RELAY": "smtp://relay.acme.example:2525"]
        #expect(try parse("relay: smtp://mail.acme.example:587\n", environment: set).relay?.url == set.values.first)
        #expect {
            try parse("", environment: ["LEADMAIL_RELAY": "mail.acme.example"])
        } throws: { error in
            (error as? ConfigurationError)?.problems.contains { $0.key == "relay" } ?? false
        }
    }
}
