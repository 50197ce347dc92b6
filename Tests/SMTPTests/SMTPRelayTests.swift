import SMTP
import Testing

@Suite("SMTPRelay parses and protects the relay URL")
struct SMTPRelayTests {
    @Test("credentials are percent-decoded and removed from url")
    func credentialsAreExtracted() throws {
        let relay = try SMTPRelay(url: "smtp://sales%40leadmail.example:s3cr%3At%2F@mail.example.com:587")
        #expect(relay.url == "smtp://mail.example.com:587")
        #expect(relay.username == "sales@leadmail.example")
        #expect(relay.password == "s3cr:t/")
        #expect(relay.requireTLS)
        #expect(relay.connectTimeout == .seconds(10))
        #expect(relay.timeout == .seconds(60))
    }

    @Test("an explicit password overrides the one in the URL")
    func explicitPasswordWins() throws {
        let relay = try SMTPRelay(url: "smtps://user:old@mail.example.com", password: "from-env")
        #expect(relay.password == "from-env")
        #expect(relay.username == "user")
        #expect(relay.url == "smtps://mail.example.com")
    }

    @Test(
        "TLS policy by scheme, host and allowPlaintext",
        arguments: [
            ("smtp://mail.example.com:587", false, true),
            ("smtp://mail.example.com:25", true, false),
            ("smtps://mail.example.com:465", true, true),
            ("smtp://127.0.0.1:2525", false, false),
            ("smtp://localhost", false, false),
            ("smtp://[::1]:25", false, false),
            ("SMTP://Mail.Example.com", false, true),
        ])
    func tlsPolicy(url: String, allowPlaintext: Bool, requireTLS: Bool) throws {
        let relay = try SMTPRelay(url: url, allowPlaintext: allowPlaintext)
        #expect(relay.requireTLS == requireTLS)
    }

    @Test(
        "invalid relay URLs are configuration errors that say what is wrong",
        arguments: [
            ("http://mail.example.com", "scheme 'http'"),
            ("smtp://", "no host"),
            ("smtp:///path-only", "no host"),
            ("mail.example.com:587", "not supported"),
            ("smtp://mail.example.com:99999", "out of range"),
            ("not a url at all", "not a valid URL"),
        ])
    func invalidURLs(url: String, expected: String) throws {
        let error = try #require(throws: TransportError.self) { try SMTPRelay(url: url) }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(expected))
        #expect(error.message.contains("smtp://user:password@host:587"))
    }

    @Test("the password never appears in descriptions, debug output, dumps or errors")
    func passwordNeverPrinted() throws {
        let relay = try SMTPRelay(url: "smtp://sales:Hunter2Secret@mail.example.com:587", caFile: "/etc/ca.pem")
        var dumped = ""
        dump(relay, to: &dumped)
        for text in [relay.description, relay.debugDescription, "\(relay)", String(reflecting: relay), dumped] {
            #expect(!text.contains("Hunter2Secret"))
        }
        #expect(relay.description == "smtp://sales@mail.example.com:587 (STARTTLS required) with password")
        let error = try #require(throws: TransportError.self) {
            try SMTPRelay(url: "ftp://sales:Hunter2Secret@mail.example.com")
        }
        #expect(!error.description.contains("Hunter2Secret"))
    }

    @Test("non-positive timeouts are rejected")
    func timeoutsMustBePositive() {
        #expect(throws: TransportError.self) {
            try SMTPRelay(url: "smtp://mail.example.com", timeout: .zero)
        }
    }
}
