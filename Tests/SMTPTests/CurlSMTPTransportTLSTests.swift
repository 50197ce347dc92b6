import Foundation
import SMTP
import TestSupport
import Testing

/// STARTTLS and AUTH against a real aiosmtpd with a self-signed certificate made for the test: the certificate
/// is verified, so the relay is refused until its CA file is configured, and then the login and the message go
/// through the encrypted connection.
@Suite("STARTTLS, AUTH and certificate verification against a real relay")
struct CurlSMTPTransportTLSTests {
    /// A self-signed certificate for localhost and 127.0.0.1, made with the openssl command.
    struct SelfSignedCertificate {
        let directory: TemporaryDirectory
        var certificate: String { directory.appending("cert.pem") }
        var key: String { directory.appending("key.pem") }

        init() throws {
            directory = try TemporaryDirectory(prefix: "tls")
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", directory.appending("key.pem"), "-out", directory.appending("cert.pem"),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ]
            // A pipe, not FileHandle.nullDevice: Foundation closes a shared nullDevice handle after the child
            // exits, and the freed descriptor number then breaks other tests' child processes.
            let output = Pipe()
            openssl.standardOutput = output
            openssl.standardError = output
            try openssl.run()
            _ = output.fileHandleForReading.readDataToEndOfFile()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else {
                throw SMTPTestServerError("openssl could not make a certificate; install it (make test-deps)")
            }
        }
    }

    static let login = (username: "leadmail", password: "s3cret: with spaces & ünïcode")

    func relay(_ server: SMTPTestServer, caFile: String?) throws -> SMTPRelay {
        var relay = try SMTPRelay(
            url: "smtp://localhost:\(server.port)", password: Self.login.password, caFile: caFile,
            connectTimeout: .seconds(5), timeout: .seconds(20))
        relay.username = Self.login.username
        relay.requireTLS = true  // as for a remote relay: loopback would otherwise only try STARTTLS
        return relay
    }

    @Test("a self-signed relay is refused without its CA file, as a configuration problem naming verification")
    func verificationRejects() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try relay(server, caFile: nil))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("certificate") == true, "\(String(describing: error))")
        #expect(try server.received().isEmpty)
    }

    @Test("with relayCAFile the certificate verifies, AUTH succeeds over TLS and the message arrives")
    func caFileAccepts() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try relay(server, caFile: certificate.certificate))
        let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        #expect(receipt.serverReply.hasPrefix("250"))
        let second = try await transport.send(SMTPFixtures.replyCRLF, envelope: envelope)
        #expect(second.serverReply.hasPrefix("250"))
        let received = try server.received()
        #expect(received.count == 2)
        #expect(received.first?.rcptTos == ["anna.berg@gmail.com"])
        #expect(received.map(\.peerPort).allSatisfy { $0 == received.first?.peerPort }, "one connection reused")
    }

    @Test("a wrong password over TLS is a configuration error that quotes the relay's 535")
    func wrongPassword() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        var settings = try relay(server, caFile: certificate.certificate)
        settings.password = "wrong"
        let transport = CurlSMTPTransport(relay: settings)
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(
                SMTPFixtures.replyCRLF,
                envelope: Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"]))
        }
        #expect(error?.kind == .configuration)
        #expect(try server.received().isEmpty)
    }
}
