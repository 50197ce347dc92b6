import Foundation
import SMTP
import TestSupport
import Testing

/// smtps:// (TLS from the first byte, port 465 style) against a real aiosmtpd with a certificate made for the
/// test: refused until the CA file is configured, then the login and the message go through.
@Suite("smtps:// implicit TLS and certificate verification against a real relay")
struct CurlSMTPTransportImplicitTLSTests {
    typealias Certificate = CurlSMTPTransportTLSTests.SelfSignedCertificate
    static let login = (username: "leadmail", password: "implicit-s3cret")
    static let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])

    func relay(_ server: SMTPTestServer, caFile: String?) throws -> SMTPRelay {
        #expect(server.url.hasPrefix("smtps://"))
        var relay = try SMTPRelay(
            url: "smtps://localhost:\(server.port)", password: Self.login.password, caFile: caFile,
            connectTimeout: .seconds(5), timeout: .seconds(20))
        relay.username = Self.login.username
        return relay
    }

    @Test("smtps:// to a self-signed relay without relayCAFile fails verification as a configuration error")
    func rejectedWithoutCAFile() async throws {
        let certificate = try Certificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key), implicitTLS: true)
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try relay(server, caFile: nil))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: Self.envelope)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("certificate") == true, "\(String(describing: error))")
        #expect(try server.received().isEmpty)
    }

    @Test("smtps:// with relayCAFile verifies, logs in and delivers over the encrypted connection")
    func acceptedWithCAFile() async throws {
        let certificate = try Certificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key), implicitTLS: true)
        defer { server.stop() }
        let transport = CurlSMTPTransport(relay: try relay(server, caFile: certificate.certificate))

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: Self.envelope)
        #expect(receipt.serverReply.hasPrefix("250"))
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.data == SMTPFixtures.replyCRLF)
        #expect(received.first?.authMechanism != nil, "the client logged in")
    }
}
