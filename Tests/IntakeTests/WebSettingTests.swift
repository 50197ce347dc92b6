import Testing

@testable import Intake

/// leadmail.yml's `web` key: where `leadmail serve` listens and the address staff open.
@Suite("Configuration: web")
struct WebSettingTests {
    static let base = """
        mailbox: inbox
        store: leads.sqlite
        templates: templates
        quarantine: quarantine
        outbox: outbox
        from: "Acme Sales <sales@acme.example>"
        ourAddresses: [sales@acme.example]
        company: {name: Acme}

        """

    func parse(_ web: String) throws(ConfigurationError) -> LeadMailConfiguration {
        try ConfigurationLoader(environment: [:])
            .parse(yaml: Self.base + web, file: "leadmail.yml", baseDirectory: "/srv")
    }

    @Test("listen and baseURL")
    func reads() throws {
        let web = try #require(
            try parse(#"web: {listen: "0.0.0.0:9090", baseURL: "https://leads.example.com/"}"#).web)
        #expect(web.host == "0.0.0.0")
        #expect(web.port == 9090)
        #expect(web.baseURL == "https://leads.example.com")
    }

    @Test("no web key: no workspace configured; no baseURL: the listening address")
    func defaults() throws {
        #expect(try parse("").web == nil)
        let web = try #require(try parse(#"web: {listen: "127.0.0.1:8181"}"#).web)
        #expect(web.baseURL == "http://127.0.0.1:8181")
    }

    @Test(
        "mistakes are named with their key",
        arguments: [
            (#"web: {listen: "8080"}"#, "web.listen"),
            (#"web: {listen: "host:http"}"#, "web.listen"),
            (#"web: {baseURL: "leads.example.com"}"#, "web.baseURL"),
            (#"web: {listen: "127.0.0.1:8080", baseUrl: "https://x.example"}"#, "web.baseUrl"),
            ("web: 8080", "web"),
        ])
    func mistakes(_ yaml: String, _ key: String) {
        #expect {
            try parse(yaml)
        } throws: { error in
            (error as? ConfigurationError)?.problems.contains { $0.key == key } ?? false
        }
    }
}
